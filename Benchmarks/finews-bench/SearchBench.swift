import Config
import Foundation
import Model
import Pages
import Publish
import Refresh
import Store

/// What full-text search costs on an archive of N generated news articles (default 100,000,
/// `NewsCorpus`): writing and importing with and without the index side by side (time and file size),
/// then search latency over a fixed list of 50 queries and the time to render the front page.
enum SearchBench {
    /// Three characters or more (one- and two-character queries are excluded by the goal): words,
    /// phrases, Traditional script, Latin, exclusions and filters, found often, rarely or never.
    static let queries = [
        "三大指数", "创业板指", "成交额", "交易日", "北向资金", "居民消费价格", "人民银行", "新能源", "产能过剩", "区块链",
        "现代化", "新华社", "呼和浩特", "婴幼儿照护", "安宁疗护", "火云邪神", "徒手抓子弹", "耐克气垫鞋", "临床肿瘤", "风险投资",
        "三大指數", "居民消費價格", "產能過剩", "區塊鏈", "新華社", "\"三大指数 震荡收跌\"", "\"上一交易日\"", "A股收评",
        "ASCO 年会", "2024年", "指数 -创业板", "资金 -北向", "政策 市场", "银行 利率", "基金 投资", "公司 公告 董事会",
        "深成指 上涨", "科技 创新 发展", "中国 经济", "美国 政客", "source:source1 三大指数", "outlet:证券时报网 指数",
        "outlet:澎湃新闻 收评", "保险资管", "量化宽松", "人工智能", "半导体芯片", "房地产市场", "外汇储备", "不存在的词语组合",
    ]

    /// `search [--articles N] [--import-articles M] [--import-chunk C] [--import-first-chunk F] [--import-index with|without]
    /// [--rounds K] [--keep DIR] [--repeats R]`: the writer's
    /// cost of the index at N articles (the generated news written in batches of 256 prepared articles,
    /// as the single writer gets them, without and with the index), `finews import` of M of them through
    /// the whole pipeline without and with the index, the archives' sizes, then the reading side on the
    /// indexed archive of N. Each pair runs K times, alternating, and the medians are compared (the
    /// machine is shared). `--keep DIR` leaves the indexed archive in DIR for `search-archive`.
    static func run(_ arguments: [String]) async throws {
        let count = Measure.option("--articles", in: arguments, default: 100_000)
        let importCount = Measure.option("--import-articles", in: arguments, default: 10_000)
        let rounds = max(1, Measure.option("--rounds", in: arguments, default: 1))
        let importChunk = Measure.option("--import-chunk", in: arguments, default: Importer.defaultChunkSize)
        let firstChunk = Measure.option("--import-first-chunk", in: arguments, default: Importer.defaultFirstChunkSize)
        let repeats = Measure.option("--repeats", in: arguments, default: 5)
        let keep = arguments.firstIndex(of: "--keep").flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("finews-search-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let corpus = NewsCorpus.shared
        print("search: generated news recombined from \(corpus.sentenceCount) sentences of \(corpus.texts.count) texts, "
            + "\(corpus.titles.count) titles; load average \(loadAverage())")

        // The writer alone, N articles, prepared before the clock starts (search documents included:
        // the preparation stage makes them, on all cores; their cost is measured apart).
        let prepared = (0..<count).map { PublishBench.draft($0, sources: 5) }
        let documentsCPU = Measure.threadCPUMilliseconds()
        for article in prepared { _ = SearchDocument(title: article.title, text: article.contentText) }
        print("  search documents of \(count) articles, made in preparation: CPU "
            + "\(Measure.format((Measure.threadCPUMilliseconds() - documentsCPU) / 1000)) s on one core")
        var written: [Bool: [(ms: Double, cpu: Double)]] = [:]
        var last: [Bool: (bytes: Int, archive: Archive, config: FinewsConfig)] = [:]
        for round in 0..<rounds {
            for indexed in [false, true] {
                let sub = folder.appendingPathComponent((indexed ? "indexed" : "plain") + "-\(round)")
                let (archive, config) = try makeArchive(in: sub, indexed: indexed)
                let refresh = try archive.beginRefresh(trigger: .import, at: Date())
                let start = ContinuousClock.now, cpu = Measure.cpuMilliseconds()
                for chunk in stride(from: 0, to: prepared.count, by: 256) {
                    _ = try archive.apply(SourceBatch(sourceID: "source\(chunk / 256 % 5)", kind: "files",
                                                      articles: Array(prepared[chunk..<min(chunk + 256, prepared.count)])),
                                          refreshID: refresh, at: Date())
                }
                written[indexed, default: []].append((Measure.milliseconds(since: start), Measure.cpuMilliseconds() - cpu))
                try archive.checkpoint()
                last[indexed] = (try fileSize(config.database), archive, config)
                if round < rounds - 1 { try? FileManager.default.removeItem(at: sub) }
            }
        }
        guard let plain = last[false], let indexed = last[true] else { return }
        report("writer, \(count) articles in batches of 256", without: written[false] ?? [], with: written[true] ?? [])
        print("  archive of \(count): without index \(plain.bytes / 1_048_576) MiB, with index \(indexed.bytes / 1_048_576) MiB "
            + "(+\(Measure.format((Double(indexed.bytes) / Double(plain.bytes) - 1) * 100, 1)) %)")

        // `finews import` of M articles, the whole pipeline (parse, sanitize, fingerprint, search
        // document, write), preparing the next chunk while the writer stores the one before.
        if importCount > 0 {
            let dump = folder.appendingPathComponent("dump.jsonl")
            try writeDump(count: importCount, to: dump)
            var imported: [Bool: [(ms: Double, cpu: Double)]] = [:]
            // `--import-index with` or `without` runs one side only (to profile it apart).
            let sides = arguments.firstIndex(of: "--import-index").flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
                .map { [$0 == "with"] } ?? [false, true]
            for round in 0..<rounds {
                for indexed in sides {
                    let sub = folder.appendingPathComponent((indexed ? "import-indexed" : "import-plain") + "-\(round)")
                    let (archive, config) = try makeArchive(in: sub, indexed: indexed)
                    let cpu = Measure.cpuMilliseconds()
                    let ms = try await Measure.milliseconds {
                        var importer = Importer(config: config, archive: archive)
                        importer.chunkSize = importChunk
                        importer.firstChunkSize = firstChunk
                        _ = try await importer.run(file: dump)
                    }
                    imported[indexed, default: []].append((ms, Measure.cpuMilliseconds() - cpu))
                    try? FileManager.default.removeItem(at: sub)
                }
            }
            if sides.count == 2 {
                report("finews import, \(importCount) articles in chunks of \(importChunk) (the first \(firstChunk))",
                       without: imported[false] ?? [], with: imported[true] ?? [])
            }
        }

        if let keep {
            let target = URL(fileURLWithPath: keep).appendingPathComponent("archive.sqlite")
            try FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: indexed.config.database, to: target)
            print("  indexed archive kept: \(target.path) (finews-bench search-archive \(target.path))")
        }
        try await measureReading(indexed.archive, config: indexed.config, repeats: repeats)
    }

    /// Medians of the runs without and with the index, what the index adds, and every run.
    static func report(_ label: String, without: [(ms: Double, cpu: Double)], with: [(ms: Double, cpu: Double)]) {
        let wall = (Measure.median(without.map(\.ms)), Measure.median(with.map(\.ms)))
        let cpu = (Measure.median(without.map(\.cpu)), Measure.median(with.map(\.cpu)))
        print("  \(label) (median of \(with.count)): without index \(Measure.format(wall.0 / 1000, 2)) s, "
            + "with index \(Measure.format(wall.1 / 1000, 2)) s (+\(Measure.format((wall.1 / wall.0 - 1) * 100, 1)) %); "
            + "CPU \(Measure.format(cpu.0 / 1000, 2)) s and \(Measure.format(cpu.1 / 1000, 2)) s "
            + "(+\(Measure.format((cpu.1 / cpu.0 - 1) * 100, 1)) %)")
        guard with.count > 1 else { return }
        let runs = zip(without, with).map { "\(Measure.format($0.ms / 1000, 2))/\(Measure.format($1.ms / 1000, 2))" }
        print("    each round, wall without/with (s): " + runs.joined(separator: "  "))
    }

    static func makeArchive(in folder: URL, indexed: Bool) throws -> (Archive, FinewsConfig) {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("database: archive.sqlite\nsources: []\n".utf8).write(to: folder.appendingPathComponent("finews.yaml"))
        let config = try FinewsConfig.load(from: folder.appendingPathComponent("finews.yaml"))
        return (try Archive(path: config.database, maintainsSearchIndex: indexed), config)
    }

    static func fileSize(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    }

    static func loadAverage() -> String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// The generated news as a `finews import` dump (JSON Lines).
    static func writeDump(count: Int, to dump: URL) throws {
        _ = FileManager.default.createFile(atPath: dump.path, contents: nil)
        let handle = try FileHandle(forWritingTo: dump)
        for index in 0..<count {
            let article = NewsCorpus.shared.article(index)
            let published = Date(timeIntervalSince1970: 1_600_000_000 + Double(index) * 60)
            let record: [String: Any] = [
                "id": "NW\(index)", "source": "证券时报网", "url": "https://news.example.com/\(index).html",
                "title": "第\(index)号 " + article.title, "published": ISO8601DateFormatter().string(from: published),
                "content": article.paragraphs.joined(separator: "\n"),
            ]
            try handle.write(contentsOf: try JSONSerialization.data(withJSONObject: record) + Data("\n".utf8))
        }
        try handle.close()
    }

    /// `search-documents N FILE.csv`: the search documents of N generated articles as CSV (title, body,
    /// tails), for trying FTS5 table settings with the sqlite3 shell alone (`.import`, then
    /// `INSERT INTO t SELECT …` with `.timer on`). Tokens hold no commas or quotes.
    static func writeDocuments(_ arguments: [String]) throws {
        guard arguments.count >= 2, let count = Int(arguments[0]) else {
            print("usage: finews-bench search-documents N FILE.csv")
            exit(2)
        }
        _ = FileManager.default.createFile(atPath: arguments[1], contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: arguments[1]))
        for index in 0..<count {
            let body = PublishBench.body(index)
            let document = SearchDocument(title: body.title, text: body.text)
            try handle.write(contentsOf: Data((document.title + "," + document.body + "," + document.tails + "\n").utf8))
        }
        try handle.close()
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
        var cpuTimes: [Double] = []
        var perQuery: [(String, Double, Int)] = []
        for query in queries {
            let parsed = try SearchQuery(parsing: query)
            var own: [Double] = []
            var found = 0
            for _ in 0..<repeats {
                let start = ContinuousClock.now, cpu = Measure.threadCPUMilliseconds()
                found = try archive.search(parsed, limit: 20).count
                own.append(Measure.milliseconds(since: start))
                cpuTimes.append(Measure.threadCPUMilliseconds() - cpu)
            }
            times += own
            perQuery.append((query, Measure.median(own), found))
        }
        func p99(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)]
        }
        print("  search (20 results with snippets), \(queries.count) queries × \(repeats), load average \(loadAverage()): "
            + "p50 \(Measure.format(Measure.median(times))) ms, p99 \(Measure.format(p99(times))) ms, "
            + "max \(Measure.format(times.max() ?? 0)) ms; CPU time of the searching thread: "
            + "p50 \(Measure.format(Measure.median(cpuTimes))) ms, p99 \(Measure.format(p99(cpuTimes))) ms")
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
