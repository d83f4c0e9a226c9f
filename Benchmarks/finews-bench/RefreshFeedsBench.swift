import Config
import Foundation
import Refresh
import Store

/// One full refresh of many feed sources — fetch, decode, parse, sanitize, store, publish — as
/// `finews refresh` runs it, with the default `http:` policy. Prints one line of `key=value` figures.
///
/// Usage: `finews-bench refresh-feeds URLS_FILE` (one feed URL a line, each its own source).
enum RefreshFeedsBench {
    static func run(_ arguments: [String]) async throws {
        guard let file = arguments.first, let list = try? String(contentsOfFile: file, encoding: .utf8) else {
            print("usage: finews-bench refresh-feeds URLS_FILE")
            exit(2)
        }
        let urls = list.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("finews-bench-feeds-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let sources = urls.enumerated().map { "  - {id: s\($0.offset), kind: feed, url: \"\($0.element)\"}" }
        try Data((["database: archive.sqlite", "output: public", "sources:"] + sources).joined(separator: "\n").utf8)
            .write(to: folder.appendingPathComponent("finews.yaml"))
        let config = try FinewsConfig.load(from: folder.appendingPathComponent("finews.yaml"))
        let archive = try Archive(path: config.database)
        var refresher = Refresher(config: config, archive: archive)
        refresher.logger.logLevel = .warning
        var report: RefreshReport?
        let ms = try await Measure.milliseconds {
            report = try await refresher.run(trigger: .manual)
        }
        let outcomes = report?.outcomes ?? []
        let failed = outcomes.filter { $0.failure != nil }.count
        let seconds = ms / 1000
        print(String(format: "finews-refresh feeds=%d ok=%d failed=%d items=%d files=%d wall_s=%.3f req_per_s=%.1f peak_rss_mib=%.1f",
                     urls.count, outcomes.count - failed, failed, try archive.articleCount(),
                     report?.publishedFiles.count ?? 0, seconds, Double(urls.count) / seconds, Measure.peakRSSMiB()))
        for outcome in outcomes.prefix(3) where outcome.failure != nil { print("  \(outcome.sourceID): \(outcome.failure!)") }
        if failed > 0 { exit(1) }
    }
}
