import Config
import Foundation
import Publish
import Store

/// `finews-bench archive FOLDER [--articles N]`: an archive of N generated articles (five sources, twenty
/// categories, bodies of their own), published, with a `finews.yaml` that serves it without refreshing
/// it (the sources are disabled), for measuring `finews serve` on a large archive.
enum ArchiveFixture {
    static func run(_ arguments: [String]) async throws {
        guard let folderPath = arguments.first, !folderPath.hasPrefix("--") else {
            print("usage: finews-bench archive FOLDER [--articles N] [--token TOKEN]")
            exit(2)
        }
        let count = Measure.option("--articles", in: arguments, default: 100_000)
        let token = arguments.firstIndex(of: "--token").flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
        let folder = URL(fileURLWithPath: folderPath).standardizedFileURL
        let sourceIDs = (0..<5).map { "source\($0)" }
        for id in sourceIDs {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("posts/\(id)"), withIntermediateDirectories: true)
        }
        var yaml = "database: archive.sqlite\noutput: public\nfeed:\n  items: 50\n"
        if let token { yaml += "server:\n  refresh_token: \(token)\n" }
        yaml += "sources:\n" + sourceIDs.map { "  - id: \($0)\n    kind: files\n    enabled: false\n    path: posts/\($0)\n" }.joined()
        let file = folder.appendingPathComponent("finews.yaml")
        try Data(yaml.utf8).write(to: file)
        let config = try FinewsConfig.load(from: file)
        let archive = try Archive(path: config.database)
        let start = ContinuousClock.now
        try PublishBench.fill(archive, count: count, sources: sourceIDs)
        let filled = Measure.milliseconds(since: start)
        let files = try Publisher(archive: archive, config: config).publish().count
        print("archive: \(try archive.articleCount()) articles in \(Measure.format(filled / 1000)) s, \(files) files published; "
            + "config \(file.path)")
    }
}
