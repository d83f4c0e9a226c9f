import Config
import Foundation
import Refresh
import Store

/// One refresh over N generated posts shaped like the seeds: front matter over HTML, an infoCode link,
/// the navigation trailer; each post gets its own title, date and code.
enum RefreshFilesBench {
    static func run(_ arguments: [String]) async throws {
        let count = Measure.option("--posts", in: arguments, default: 10_000)
        let partSize = Measure.option("--part-size", in: arguments, default: 0)
        // `--folder DIR`: refresh the posts already in DIR/posts (written by `--write-only` or an earlier
        // run), so the process measured does nothing but the refresh.
        let given = arguments.firstIndex(of: "--folder").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
        let folder = given.map(URL.init(fileURLWithPath:))
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("finews-bench-\(getpid())")
        defer { if given == nil || arguments.contains("--clean") { try? FileManager.default.removeItem(at: folder) } }
        // `--database URL`: store into this archive (a new, empty PostgreSQL database) instead of a new
        // SQLite file in the folder.
        let database = arguments.firstIndex(of: "--database").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
        let posts = folder.appendingPathComponent("posts")
        if given == nil || arguments.contains("--write-only") {
            try write(count, postsTo: posts)
            if arguments.contains("--write-only") {
                print("refresh-files: \(count) posts written to \(posts.path)")
                return
            }
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: posts.path).count
        for leftover in ["archive.sqlite", "archive.sqlite-wal", "archive.sqlite-shm", "public"] {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(leftover))
        }
        try Data("""
            database: \(database ?? "archive.sqlite")
            output: public
            sources:
              - {id: bench, kind: files, path: posts}
            """.utf8).write(to: folder.appendingPathComponent("finews.yaml"))
        let config = try FinewsConfig.load(from: folder.appendingPathComponent("finews.yaml"))
        let archive = try ArchiveBackend.open(config.database)
        var refresher = Refresher(config: config, archive: archive)
        if partSize > 0 { refresher.partSize = partSize }
        let before = Measure.peakRSSMiB()
        var first: RefreshReport?
        let cpuStart = Measure.cpuMilliseconds()
        let firstMs = try await Measure.milliseconds { first = try await refresher.run(trigger: .manual) }
        let firstCPU = Measure.cpuMilliseconds() - cpuStart
        let firstPeak = Measure.peakRSSMiB()
        let secondMs = try await Measure.milliseconds { _ = try await refresher.run(trigger: .manual) }
        let new = first?.outcomes.first?.new ?? 0
        print("refresh-files: \(files) posts, \(new) stored, \(first?.outcomes.first?.errors.count ?? 0) errors, parts of \(refresher.partSize)")
        print("  first refresh:  \(Measure.format(firstMs, 0)) ms, \(Measure.format(Double(files) / firstMs * 1000, 0)) files/s, CPU \(Measure.format(firstCPU, 0)) ms")
        print("  second (unchanged): \(Measure.format(secondMs, 0)) ms, \(Measure.format(Double(files) / secondMs * 1000, 0)) files/s")
        print("  peak RSS: \(Measure.format(Measure.peakRSSMiB())) MiB (\(Measure.format(before)) MiB before the refresh, "
            + "\(Measure.format(firstPeak)) MiB at the end of the first)")
    }

    /// `count` posts made from the seeds into `posts`.
    static func write(_ count: Int, postsTo posts: URL) throws {
        try FileManager.default.createDirectory(at: posts, withIntermediateDirectories: true)
        let seeds = try seedTemplates()
        for index in 0..<count {
            let text = variant(of: seeds[index % seeds.count], index: index)
            try Data(text.utf8).write(to: posts.appendingPathComponent(String(format: "%06d.md", index)))
        }
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
