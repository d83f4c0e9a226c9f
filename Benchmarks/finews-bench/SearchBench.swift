import Config
import Foundation
import Model
import Pages
import Publish
import Refresh
import Store

/// What full-text search costs on an archive of N imported articles (default 100,000, the labelled
/// stream varied and repeated, as `import` makes it): the import with and without the index side by
/// side (time and file size), then search latency over a fixed list of 50 queries and the time to render
/// the front page.
enum SearchBench {
    /// Three characters or more (one- and two-character queries are excluded by the goal): words,
    /// phrases, Traditional script, Latin, exclusions and filters, found often, rarely or never.
    static let queries = [
        "三大指数", "创业板指", "成交额", "交易日", "北向资金", "居民消费价格", "人民银行", "新能源", "产能过剩", "区块链",
        "现代化", "新华社", "呼和浩特", "婴幼儿照护", "安宁疗护", "火云邪神", "徒手抓子弹", "耐克气垫鞋", "临床肿瘤", "风险投资",
        "三大指數", "居民消費價格", "產能過剩", "區塊鏈", "新華社", "\"三大指数 震荡收跌\"", "\"上一交易日\"", "A股收评",
        "ASCO 年会", "2024年", "指数 -创业板", "资金 -北向", "政策 市场", "银行 利率", "基金 投资", "公司 公告 董事会",
        "深成指 上涨", "科技 创新 发展", "中国 经济", "美国 政客", "source:import 三大指数", "outlet:财联社 指数",
        "outlet:澎湃新闻 收评", "保险资管", "量化宽松", "人工智能", "半导体芯片", "房地产市场", "外汇储备", "不存在的词语组合",
    ]

    static func run(_ arguments: [String]) async throws {
        let count = Measure.option("--articles", in: arguments, default: 100_000)
        let repeats = Measure.option("--repeats", in: arguments, default: 5)
        precondition(queries.count == 50 && queries.allSatisfy { $0.count >= 3 })
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("finews-search-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dump = folder.appendingPathComponent("dump.jsonl")
        let docs = try ArchiveDedupBench.writeDump(count: count, to: dump)
        print("search: \(count) articles imported (the stream of \(docs) varied and repeated)")

        var results: [Bool: (ms: Double, bytes: Int, archive: Archive, config: FinewsConfig)] = [:]
        for indexed in [false, true] {
            let sub = folder.appendingPathComponent(indexed ? "indexed" : "plain")
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            try Data("database: archive.sqlite\nsources: []\n".utf8).write(to: sub.appendingPathComponent("finews.yaml"))
            let config = try FinewsConfig.load(from: sub.appendingPathComponent("finews.yaml"))
            let archive = try Archive(path: config.database, maintainsSearchIndex: indexed)
            let ms = try await Measure.milliseconds { _ = try await Importer(config: config, archive: archive).run(file: dump) }
            try archive.checkpoint()
            let bytes = (try FileManager.default.attributesOfItem(atPath: config.database.path)[.size] as? Int) ?? 0
            results[indexed] = (ms, bytes, archive, config)
        }
        guard let plain = results[false], let indexed = results[true] else { return }
        print("  import without index: \(Measure.format(plain.ms / 1000)) s; with index: \(Measure.format(indexed.ms / 1000)) s "
            + "(+\(Measure.format((indexed.ms / plain.ms - 1) * 100, 1)) %)")
        print("  archive without index: \(plain.bytes / 1_048_576) MiB; with index: \(indexed.bytes / 1_048_576) MiB "
            + "(+\(Measure.format((Double(indexed.bytes) / Double(plain.bytes) - 1) * 100, 1)) %)")

        try await measureReading(indexed.archive, config: indexed.config, repeats: repeats)
    }

    /// The reading side alone on an archive made before (`search-archive PATH`): nothing is written.
    static func runOnArchive(_ arguments: [String]) async throws {
        guard let path = arguments.first else {
            print("usage: finews-bench search-archive ARCHIVE.sqlite [--repeats N]")
            exit(2)
        }
        let repeats = Measure.option("--repeats", in: arguments, default: 5)
        let config = try FinewsConfig.parse("database: \(path)\nsources: []\n",
                                            file: FileManager.default.temporaryDirectory.appendingPathComponent("bench.yaml"))
        let archive = try Archive(path: URL(fileURLWithPath: path))
        print("search on \(path): \(try archive.articleCount()) articles")
        try await measureReading(archive, config: config, repeats: repeats)
    }

    static func measureReading(_ archive: Archive, config: FinewsConfig, repeats: Int) async throws {
        var times: [Double] = []
        var perQuery: [(String, Double, Int)] = []
        for query in queries {
            let parsed = try SearchQuery(parsing: query)
            var own: [Double] = []
            var found = 0
            for _ in 0..<repeats {
                let start = ContinuousClock.now
                found = try archive.search(parsed, limit: 20).count
                own.append(Measure.milliseconds(since: start))
            }
            times += own
            perQuery.append((query, Measure.median(own), found))
        }
        let sorted = times.sorted()
        let p99 = sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)]
        print("  search (20 results with snippets), \(queries.count) queries × \(repeats): "
            + "p50 \(Measure.format(Measure.median(times))) ms, p99 \(Measure.format(p99)) ms, max \(Measure.format(sorted.last ?? 0)) ms")
        for (query, ms, found) in perQuery.sorted(by: { $0.1 > $1.1 }).prefix(5) {
            print("    slowest: \(query)  \(Measure.format(ms)) ms  (\(found) results)")
        }

        let site = Site(archive: archive, publisher: Publisher(archive: archive, config: config), title: "finews",
                        description: "bench", language: "zh-CN", timeZone: TimeZone(identifier: "Asia/Shanghai")!,
                        baseURL: "http://127.0.0.1:8080/")
        var front: [Double] = []
        var bytes = 0
        for _ in 0..<50 {
            let start = ContinuousClock.now
            bytes = await site.answer(path: "/", query: nil) { fatalError("the front page needs no summary") }?.body.utf8.count ?? 0
            front.append(Measure.milliseconds(since: start))
        }
        print("  front page (30 stories, \(bytes / 1024) KiB): median \(Measure.format(Measure.median(front))) ms, "
            + "max \(Measure.format(front.max() ?? 0)) ms")
        print("  peak RSS \(Measure.format(Measure.peakRSSMiB())) MiB")
    }
}
