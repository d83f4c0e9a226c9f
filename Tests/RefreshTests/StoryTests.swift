import Config
import Foundation
import Model
import Refresh
import Store
import Synchronization
import TestSupport
import Testing

/// Reprints become one story, through the real writer and a real SQLite file (and, for the reprint
/// stream and feeds, a real PostgreSQL database).
@Suite struct StoryTests {
    let workspace: Workspace
    let clock = ManualClock(Date(timeIntervalSince1970: 1_700_000_000))

    init() throws {
        workspace = try Workspace(seeds: false)
    }

    func importer(_ yamlExtra: String = "", backend: StoreBackend = .sqlite) throws -> (Importer, any ArchiveStore) {
        var text = try String(contentsOf: workspace.configFile, encoding: .utf8)
        if !yamlExtra.isEmpty { text = text.replacingOccurrences(of: "feed:\n", with: "feed:\n" + yamlExtra) }
        if backend != .sqlite {
            text = text.replacingOccurrences(of: "database: var/finews.sqlite", with: "database: \(try backend.configuredDatabase())")
        }
        try text.write(to: workspace.configFile, atomically: true, encoding: .utf8)
        let config = try FinewsConfig.load(from: workspace.configFile)
        let archive = try ArchiveBackend.open(config.database)
        return (Importer(config: config, archive: archive, clock: clock), archive)
    }

    func stories(_ archive: any ArchiveStore) throws -> [String: String] {
        var result: [String: String] = [:]
        try archive.forEachArticle { result[$0.itemID] = $0.storyID ?? $0.id }
        return result
    }

    @Test(arguments: StoreBackend.allCases)
    func theSharedReprintStreamMeetsThePrecisionAndRecallGoals(_ backend: StoreBackend) async throws {
        let docs = Fixtures.url("dedup/docs.jsonl")
        let (importer, archive) = try importer(backend: backend)
        let report = try await importer.run(file: docs)
        #expect(report.lines == 111)
        #expect(report.outcome.new == 111)
        let predicted = try stories(archive)
        var truth: [String: String] = [:]
        let labels = try String(contentsOf: Fixtures.url("dedup/labels.jsonl"), encoding: .utf8)
        for line in labels.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
            truth[object["id"]!] = object["cluster"]!
        }
        let ids = predicted.keys.sorted()
        var truePairs = 0, falsePairs = 0, missedPairs = 0
        for (index, a) in ids.enumerated() {
            for b in ids[(index + 1)...] {
                let same = predicted[a] == predicted[b], labelled = truth[a] == truth[b]
                if same && labelled { truePairs += 1 } else if same { falsePairs += 1 } else if labelled { missedPairs += 1 }
            }
        }
        let precision = Double(truePairs) / Double(max(1, truePairs + falsePairs))
        let recall = Double(truePairs) / Double(max(1, truePairs + missedPairs))
        #expect(precision >= 0.99, "precision \(precision)")
        #expect(recall >= 0.97, "recall \(recall)")
        let mergedEvents = try archive.changes().filter { $0.kind == .merged }.count
        #expect(report.outcome.merged == mergedEvents)
    }

    static let body = """
        新华社北京5月19日电 国家统计局今天发布的数据显示，4月份规模以上工业增加值同比增长6.7%，比上月加快1.2个百分点。
        社会消费品零售总额同比增长5.1%，固定资产投资保持平稳增长，市场预期总体稳定，经济运行延续回升向好态势。
        专家表示，随着一系列稳增长政策持续发力，内需潜力不断释放，下一阶段经济有望保持平稳运行。
        """

    func line(_ id: String, source: String, title: String, published: String, content: String) -> String {
        let object: [String: String] = ["id": id, "source": source, "url": "https://news.example.com/\(id).html",
                                        "title": title, "published": published, "content": content]
        return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test(arguments: StoreBackend.allCases)
    func aReprintJoinsTheStoryAndFeedsShowItOnceWithAlsoReportedBy(_ backend: StoreBackend) async throws {
        let dump = [
            line("a1", source: "新华社", title: "4月份经济数据发布", published: "2024-05-19T10:00:00+08:00", content: Self.body),
            line("a2", source: "证券时报网", title: "统计局：4月经济延续回升向好", published: "2024-05-19T11:00:00+08:00",
                 content: "【证券时报网讯】\n" + Self.body + "\n免责声明：本文仅供参考，不构成投资建议。"),
            line("a3", source: "另一家", title: "别的新闻", published: "2024-05-19T12:00:00+08:00",
                 content: "深圳证券交易所今日发布公告称，将于下周开展新一轮技术系统升级演练，涉及交易、行情与结算等多个核心环节，会员单位需提前做好准备。"),
        ].joined(separator: "\n")
        let file = try workspace.folder.write("dump.jsonl", dump)
        let (importer, archive) = try importer(backend: backend)
        let report = try await importer.run(file: file)
        #expect(report.outcome.new == 3)
        #expect(report.outcome.merged == 1)
        let story = try stories(archive)
        #expect(story["a1"] == story["a2"])
        #expect(story["a1"] != story["a3"])
        let merged = try #require(try archive.changes().first { $0.kind == .merged })
        #expect(merged.title == "统计局：4月经济延续回升向好")
        #expect(merged.detail?.contains("4月份经济数据发布") == true)
        let atom = try String(contentsOf: workspace.output.appendingPathComponent("atom.xml"), encoding: .utf8)
        #expect(atom.components(separatedBy: "<entry>").count - 1 == 2)
        #expect(atom.contains("<title>4月份经济数据发布</title>"))
        #expect(!atom.contains("<title>统计局：4月经济延续回升向好</title>"))
        #expect(atom.contains("Also reported by"))
        #expect(atom.contains("rel=\"related\" type=\"text/html\" href=\"https://news.example.com/a2.html\""))
        let log = try String(contentsOf: workspace.output.appendingPathComponent("changes.jsonl"), encoding: .utf8)
        #expect(log.contains("\"kind\":\"merged\""))
    }

    @Test func storiesAllShowsEveryArticle() async throws {
        let dump = [
            line("a1", source: "新华社", title: "原文", published: "2024-05-19T10:00:00+08:00", content: Self.body),
            line("a2", source: "转载", title: "转载", published: "2024-05-19T11:00:00+08:00", content: Self.body),
        ].joined(separator: "\n")
        let file = try workspace.folder.write("dump.jsonl", dump)
        let (importer, _) = try importer("  stories: all\n")
        let report = try await importer.run(file: file)
        #expect(report.outcome.merged == 1)
        let atom = try String(contentsOf: workspace.output.appendingPathComponent("atom.xml"), encoding: .utf8)
        #expect(atom.components(separatedBy: "<entry>").count - 1 == 2)
    }

    @Test func templateReportsHeadlinesAndEmptyTextStayApart() async throws {
        let report1 = "沪深两市今日收盘，上证指数报3120.45点，涨0.52%；深证成指报10234.11点，涨0.87%；创业板指报2011.02点，涨1.12%。两市成交额合计9120亿元，北向资金净流入35.6亿元。"
        let report2 = "沪深两市今日收盘，上证指数报3098.17点，跌0.71%；深证成指报10102.55点，跌1.29%；创业板指报1987.40点，跌1.18%。两市成交额合计8450亿元，北向资金净流出12.3亿元。"
        let dump = [
            line("r1", source: "快讯", title: "收盘", published: "2024-05-20T15:00:00+08:00", content: report1),
            line("r2", source: "快讯", title: "收盘", published: "2024-05-21T15:00:00+08:00", content: report2),
            line("h1", source: "快讯", title: "央行宣布降准", published: "2024-05-21T16:00:00+08:00", content: "央行宣布降准"),
            line("h2", source: "另一家", title: "央行宣布降准", published: "2024-05-21T16:01:00+08:00", content: "央行宣布降准"),
            line("e1", source: "快讯", title: "空", published: "2024-05-21T16:02:00+08:00", content: ""),
            line("e2", source: "另一家", title: "空", published: "2024-05-21T16:03:00+08:00", content: ""),
        ].joined(separator: "\n")
        let file = try workspace.folder.write("dump.jsonl", dump)
        let (importer, archive) = try importer()
        let report = try await importer.run(file: file)
        #expect(report.outcome.new == 6)
        #expect(report.outcome.merged == 0)
        #expect(Set(try stories(archive).values).count == 6)
    }

    @Test func badLinesAreNamedAndTheOthersImported() async throws {
        let dump = [
            line("ok1", source: "新华社", title: "一", published: "2024-05-19T10:00:00+08:00", content: "正文一"),
            "{not json",
            #"{"id": "x", "title": "缺内容"}"#,
            "",
            #"{"id": "y", "title": "坏日期", "content": "正文", "published": "someday"}"#,
            line("ok2", source: "新华社", title: "二", published: "2024-05-19T11:00:00+08:00", content: "正文二"),
        ].joined(separator: "\n")
        let file = try workspace.folder.write("dump.jsonl", dump)
        let (importer, archive) = try importer()
        let report = try await importer.run(file: file)
        #expect(report.outcome.new == 2)
        #expect(report.outcome.errors == [
            "dump.jsonl:2: not a JSON object",
            "dump.jsonl:3: missing field 'content'",
            "dump.jsonl:5: cannot parse 'published': someday",
        ])
        #expect(try archive.articleCount() == 2)
    }

    @Test func aFiveMegabyteTextIsImportedWhole() async throws {
        // Matching of capped long texts is pinned in DedupTests; here the whole pipeline must take it.
        let long = String(repeating: Self.body + "\n", count: 5_000_000 / Self.body.utf8.count + 1)
        let file = try workspace.folder.write("dump.jsonl", line("big", source: "新华社", title: "长文",
                                                                 published: "2024-05-19T10:00:00+08:00", content: long))
        let (importer, archive) = try importer()
        let report = try await importer.run(file: file)
        #expect(report.outcome.new == 1)
        #expect(report.outcome.errors.isEmpty)
        let stored = try #require(try archive.latestArticles(.all, limit: 1).first)
        #expect(stored.contentText.utf8.count >= 5_000_000)
    }

    /// The importer prepares the next chunk while the writer stores the one before: in chunks of 7 the
    /// reprint fixture must end as it does in one chunk (same articles, stories, change events and
    /// search results), since stories depend on the order articles are stored in.
    @Test func importingInSmallOverlappingChunksStoresWhatOneChunkStores() async throws {
        let docs = Fixtures.url("dedup/docs.jsonl")
        var results: [(stories: [String: String], events: [String], found: [[String]], outcome: SourceOutcome)] = []
        for (chunkSize, firstChunkSize) in [(1000, 1000), (7, 2)] {
            let workspace = try Workspace(seeds: false)
            let config = try FinewsConfig.load(from: workspace.configFile)
            let archive = try Archive(path: config.database)
            var importer = Importer(config: config, archive: archive, clock: clock)
            importer.chunkSize = chunkSize
            importer.firstChunkSize = firstChunkSize
            let report = try await importer.run(file: docs)
            var stories: [String: String] = [:]
            try archive.forEachArticle { stories[$0.itemID] = $0.storyID ?? $0.id }
            let events = try archive.changes().map { "\($0.kind) \($0.articleID)" }
            let found = try ["人民币", "銀行", "\"离岸人民币\"", "银行 -美元"].map { query in
                try archive.search(SearchQuery(parsing: query), limit: 50).map(\.article.itemID)
            }
            results.append((stories, events, found, report.outcome))
        }
        let (whole, chunked) = (results[0], results[1])
        #expect(chunked.outcome.new == 111)
        #expect(chunked.outcome.merged == whole.outcome.merged)
        #expect(chunked.stories == whole.stories)
        #expect(chunked.events.sorted() == whole.events.sorted())
        #expect(chunked.found == whole.found)
        #expect(whole.found.allSatisfy { !$0.isEmpty })
    }

    /// The writer's first transaction is small, so it starts early; each next one doubles up to the
    /// chunk size: 111 lines in 8, 16, 32, 50 and 5 lines, against 50, 50 and 11 without the ramp.
    @Test func theFirstChunksGrowToTheChunkSize() async throws {
        var commits: [Int] = []
        for firstChunkSize in [8, 50] {
            let workspace = try Workspace(seeds: false)
            let config = try FinewsConfig.load(from: workspace.configFile)
            var importer = Importer(config: config, archive: try Archive(path: config.database), clock: clock)
            importer.chunkSize = 50
            importer.firstChunkSize = firstChunkSize
            let count = Mutex(0)
            importer.progress = { _, _, _ in count.withLock { $0 += 1 } }
            let report = try await importer.run(file: Fixtures.url("dedup/docs.jsonl"))
            #expect(report.outcome.new == 111)
            commits.append(count.withLock { $0 })
        }
        #expect(commits == [5, 3])
    }

    /// Progress counts what is stored, not what was read: the importer reads one chunk ahead of the
    /// writer, so a count of lines read would run a chunk ahead of the archive.
    @Test func importProgressCountsTheLinesStored() async throws {
        let workspace = try Workspace(seeds: false)
        let config = try FinewsConfig.load(from: workspace.configFile)
        let archive = try Archive(path: config.database)
        var importer = Importer(config: config, archive: archive, clock: clock)
        importer.chunkSize = 7
        final class Calls: Sendable { let list = Mutex<[(reported: Int, stored: Int)]>([]) }
        let calls = Calls()
        importer.progress = { _, _, lines in
            let stored = (try? archive.articleCount()) ?? -1
            calls.list.withLock { $0.append((lines, stored)) }
        }
        let report = try await importer.run(file: Fixtures.url("dedup/docs.jsonl"))
        let seen = calls.list.withLock { $0 }
        #expect(seen.count == (report.lines + 6) / 7)
        #expect(seen.allSatisfy { $0.reported == $0.stored }, "\(seen)")
        #expect(seen.last?.reported == report.lines)
    }
}
