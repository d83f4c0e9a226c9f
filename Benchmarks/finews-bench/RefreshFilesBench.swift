import Config
import Foundation
import Refresh
import Store

/// One refresh over N generated posts shaped like the seeds: front matter over HTML, an infoCode link,
/// the navigation trailer; each post gets its own title, date and code.
enum RefreshFilesBench {
    static func run(_ arguments: [String]) async throws {
        let count = Measure.option("--posts", in: arguments, default: 10_000)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("finews-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let posts = folder.appendingPathComponent("posts")
        try FileManager.default.createDirectory(at: posts, withIntermediateDirectories: true)
        let seeds = try seedTemplates()
        for index in 0..<count {
            let text = variant(of: seeds[index % seeds.count], index: index)
            try Data(text.utf8).write(to: posts.appendingPathComponent(String(format: "%06d.md", index)))
        }
        try Data("""
            database: archive.sqlite
            output: public
            sources:
              - {id: bench, kind: files, path: posts}
            """.utf8).write(to: folder.appendingPathComponent("finews.yaml"))
        let config = try FinewsConfig.load(from: folder.appendingPathComponent("finews.yaml"))
        let archive = try Archive(path: config.database)
        let refresher = Refresher(config: config, archive: archive)
        var first: RefreshReport?
        let firstMs = try await Measure.milliseconds { first = try await refresher.run(trigger: .manual) }
        let secondMs = try await Measure.milliseconds { _ = try await refresher.run(trigger: .manual) }
        let new = first?.outcomes.first?.new ?? 0
        print("refresh-files: \(count) posts, \(new) stored, \(first?.outcomes.first?.errors.count ?? 0) errors")
        print("  first refresh:  \(Measure.format(firstMs, 0)) ms, \(Measure.format(Double(count) / firstMs * 1000, 0)) files/s")
        print("  second (unchanged): \(Measure.format(secondMs, 0)) ms, \(Measure.format(Double(count) / secondMs * 1000, 0)) files/s")
        print("  peak RSS: \(Measure.format(Measure.peakRSSMiB())) MiB")
    }

    static func seedTemplates() throws -> [String] {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("seeds")
        return try FileManager.default.contentsOfDirectory(atPath: seeds.path).sorted().map {
            try String(contentsOf: seeds.appendingPathComponent($0), encoding: .utf8)
        }.filter { $0.contains("infoCode=") }
    }

    /// A seed with its own title, date and infoCode, so every post is a distinct article.
    static func variant(of seed: String, index: Int) -> String {
        var text = seed
        if let range = text.range(of: #"title: "[^"]*"#, options: .regularExpression) {
            text.replaceSubrange(range, with: text[range] + " 第\(index)号")
        }
        if let range = text.range(of: #"infoCode=NW\d+"#, options: .regularExpression) {
            text.replaceSubrange(range, with: "infoCode=NW\(String(format: "%012d", index))")
        }
        if let range = text.range(of: #"date: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"#, options: .regularExpression) {
            let minutes = index % 60, hours = (index / 60) % 24, day = 1 + (index / 1440) % 28
            text.replaceSubrange(range, with: String(format: "date: 2021-12-%02d %02d:%02d:05", day, hours, minutes))
        }
        return text
    }
}
