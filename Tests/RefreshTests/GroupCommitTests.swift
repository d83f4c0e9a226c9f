import Dedup
import Foundation
import GRDB
import Model
@testable import Refresh
@testable import Store
import Synchronization
import TestSupport
import Testing

/// The refresh's single writer commits the batches that queued up while it was busy in one
/// transaction (`ArchiveWriter`). On a real SQLite file: a group must leave exactly what the same
/// batches applied one transaction each leave, and a batch that fails must cost only itself.
@Suite struct GroupCommitTests {
    let folder: TemporaryFolder
    let clock = ManualClock(Date(timeIntervalSince1970: 1_700_000_000))

    init() throws {
        folder = try TemporaryFolder("group-commit")
    }

    static let body = """
        新华社北京5月19日电 国家统计局今天发布的数据显示，4月份规模以上工业增加值同比增长6.7%，比上月加快1.2个百分点。
        社会消费品零售总额同比增长5.1%，固定资产投资保持平稳增长，市场预期总体稳定，经济运行延续回升向好态势。
        专家表示，随着一系列稳增长政策持续发力，内需潜力不断释放，下一阶段经济有望保持平稳运行。
        """
    static let other = """
        中国人民银行今日以利率招标方式开展了1000亿元7天期逆回购操作，中标利率为1.40%，与此前持平，银行体系流动性合理充裕。
        市场人士表示，近期资金面总体平稳，跨月后短端利率有所回落，央行通过公开市场操作保持流动性合理充裕的意图明显。
        """

    func article(_ id: String, title: String, text: String, category: String? = nil) -> PreparedArticle {
        let draft = ArticleDraft(itemID: id, origin: "\(id).md", title: title, categories: category.map { [Category(name: $0)] } ?? [])
        return PreparedArticle(draft, itemID: id, contentHTML: "<p>\(text)</p>", contentText: text,
                               fingerprint: Fingerprinter().fingerprint(text))
    }

    /// What the first refresh stores, one transaction per batch, before the batches under test.
    var earlier: [SourceBatch] {
        [SourceBatch(sourceID: "a", kind: "files", articles: [
            article("a1", title: "4月份经济数据发布", text: Self.body, category: "宏观"),
            article("a2", title: "央行开展逆回购", text: Self.other),
            article("a3", title: "稍后下架", text: "这一篇之后会从目录里消失。"),
        ])]
    }

    /// Batches of several sources that depend on each other within one group: reprints of an article
    /// stored earlier and of one stored by an earlier batch of the same group (stories), a revision,
    /// a complete listing that removes an article, a repeated item id, a failed source.
    var batches: [SourceBatch] {
        var folderPart = SourceBatch(sourceID: "a", kind: "files", articles: [
            article("a2", title: "央行开展逆回购（更新）", text: Self.other + "\n更新：操作规模扩大。"),
            article("a4", title: "新的一篇", text: "沪深两市成交额突破万亿元，科技板块领涨。", category: "股市"),
        ], completeListing: ["a1.md", "a2.md", "a4.md"], unchanged: .count(1))
        folderPart.skipped = 2
        return [
            SourceBatch(sourceID: "b", kind: "feed", articles: [
                article("b1", title: "统计局：4月经济延续回升向好", text: "【证券时报网讯】\n" + Self.body, category: "宏观"),
                article("b2", title: "另一条", text: "港股银行板块午后走强，恒生指数收涨。"),
            ]),
            SourceBatch(sourceID: "c", kind: "feed", articles: [
                article("c1", title: "港股银行股走强", text: "港股银行板块午后走强，恒生指数收涨。"),
                article("c1", title: "重复的编号", text: "同一编号的第二篇。"),
            ], errors: ["c: one item could not be read"]),
            folderPart,
            SourceBatch(sourceID: "d", kind: "feed", articles: [], failure: "HTTP 503"),
            SourceBatch(sourceID: "b", kind: "feed", articles: [
                article("b3", title: "4月经济数据（转载）", text: Self.body + "\n来源：新华社"),
            ]),
        ]
    }

    /// Every row the writer keeps, table by table, in a stable order (rowids included: the band table
    /// names articles by rowid).
    func rows(of archive: Archive) throws -> [String: [[DatabaseValue]]] {
        let tables = [
            "sources": "SELECT * FROM sources ORDER BY id",
            "articles": "SELECT rowid, * FROM articles ORDER BY rowid",
            "article_categories": "SELECT * FROM article_categories ORDER BY article_id, slug",
            "revisions": "SELECT * FROM revisions ORDER BY article_id, version",
            "change_events": "SELECT * FROM change_events ORDER BY id",
            "stories": "SELECT * FROM stories ORDER BY id",
            "dedup_bands": "SELECT * FROM dedup_bands ORDER BY key, article",
            "refresh_sources": "SELECT * FROM refresh_sources ORDER BY refresh_id, source_id",
            "source_health": "SELECT * FROM source_health ORDER BY source_id",
        ]
        return try archive.read { db in
            try tables.mapValues { sql in try Row.fetchAll(db, sql: sql).map { Array($0.databaseValues) } }
        }
    }

    /// Both archives hold the same rows, table by table; a difference is reported by its first row.
    func expectSameRows(_ expected: Archive, _ actual: Archive) throws {
        let (want, got) = (try rows(of: expected), try rows(of: actual))
        for table in want.keys.sorted() {
            let (wanted, found) = (want[table] ?? [], got[table] ?? [])
            #expect(!wanted.isEmpty, "table \(table) holds nothing to compare")
            #expect(wanted.count == found.count, "table \(table)")
            if let row = wanted.indices.first(where: { $0 < found.count && wanted[$0] != found[$0] }) {
                Issue.record("table \(table), row \(row): expected \(wanted[row]), found \(found[row])")
            }
        }
    }

    /// Rowids the search index returns for a few of the texts' bigrams, and the index's own check.
    func searchIndex(of archive: Archive) throws -> [String: [Int64]] {
        try archive.read { db in
            var found: [String: [Int64]] = [:]
            for term in ["银行", "经济", "逆回", "成交", "更新", "重复"] {
                found[term] = try Int64.fetchAll(db, sql: """
                    SELECT rowid FROM article_search WHERE article_search MATCH ? ORDER BY rowid
                    """, arguments: [term])
            }
            return found
        }
    }

    func expectSound(_ archive: Archive) throws {
        try archive.write { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            // Raises an error when the index does not match itself.
            try db.execute(sql: "INSERT INTO article_search (article_search) VALUES ('integrity-check')")
        }
    }

    /// The reference: each write in its own transaction, in the same order, at the same time.
    func applyOneByOne(_ batches: [SourceBatch], to archive: Archive) throws -> (refresh: Int64, outcomes: [SourceOutcome]) {
        for batch in earlier { _ = try archive.apply(batch, refreshID: try archive.beginRefresh(trigger: .manual, at: clock.now()), at: clock.now()) }
        let refresh = try archive.beginRefresh(trigger: .manual, at: clock.now())
        let outcomes = try batches.map { try archive.apply($0, refreshID: refresh, at: clock.now()) }
        try archive.recordAttempt(SourceAttempt(sourceID: "d", at: clock.now(), httpStatus: 503, error: "HTTP 503")) {
            _ in clock.now().addingTimeInterval(600)
        }
        return (refresh, outcomes)
    }

    /// Queues the batches, in order, behind a write that holds the writer until all are waiting, so
    /// they form groups exactly as `groupArticles` bounds them; then lets it go.
    func applyGrouped(_ batches: [SourceBatch], to archive: Archive, groupArticles: Int) async throws -> (writer: ArchiveWriter, results: [Result<SourceOutcome, any Error>]) {
        for batch in earlier { _ = try archive.apply(batch, refreshID: try archive.beginRefresh(trigger: .manual, at: clock.now()), at: clock.now()) }
        let refresh = try archive.beginRefresh(trigger: .manual, at: clock.now())
        let writer = ArchiveWriter(archive: archive, refreshID: refresh, clock: clock, groupArticles: groupArticles)
        let gate = DispatchSemaphore(value: 0)
        let holds = Flag()
        let holding = Task {
            try await writer.perform { _ in
                holds.set()
                gate.wait()
            }
        }
        try await waitUntil { holds.isSet }
        var tasks: [Task<SourceOutcome, any Error>] = []
        for (index, batch) in batches.enumerated() {
            tasks.append(Task { try await writer.apply(batch) })
            try await waitUntil { writer.writesWaiting == index + 1 }
        }
        let clock = clock
        let health = Task {
            try await writer.perform { transaction in
                try transaction.recordAttempt(SourceAttempt(sourceID: "d", at: clock.now(), httpStatus: 503, error: "HTTP 503")) {
                    _ in clock.now().addingTimeInterval(600)
                }
            }
        }
        try await waitUntil { writer.writesWaiting == batches.count + 1 }
        gate.signal()
        try await holding.value
        var results: [Result<SourceOutcome, any Error>] = []
        for task in tasks { results.append(await task.result) }
        try await health.value
        return (writer, results)
    }

    /// Waits for a condition of the writer's queue, at most 60 s (tests run side by side on two cores).
    func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition() {
            try #require(ContinuousClock.now < deadline, "the writer's queue never reached the expected state")
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    @Test(arguments: [(1_000, [1, 6]), (3, [1, 1, 1, 4])])
    func aGroupLeavesExactlyWhatOneTransactionPerBatchLeaves(groupArticles: Int, groups: [Int]) async throws {
        let single = try Archive(path: folder.path("single.sqlite"))
        let grouped = try Archive(path: folder.path("grouped.sqlite"))
        let expected = try applyOneByOne(batches, to: single)
        let (writer, results) = try await applyGrouped(batches, to: grouped, groupArticles: groupArticles)

        // The holding write alone, then the five batches (2, 2, 2, 0 and 1 articles) and the health
        // write, in groups of at most `groupArticles` articles.
        #expect(writer.committedGroups == groups)
        #expect(try results.map { try $0.get() } == expected.outcomes)
        #expect(expected.outcomes.map(\.merged).reduce(0, +) >= 2, "the batches must exercise story matching")
        #expect(expected.outcomes.map(\.removed).reduce(0, +) == 1)
        #expect(expected.outcomes.map(\.updated).reduce(0, +) == 1)
        try expectSameRows(single, grouped)
        #expect(try searchIndex(of: single) == searchIndex(of: grouped))
        try expectSound(grouped)
    }

    /// A write that fails rolls its group back; the group is then written again one transaction per
    /// write, so the failure reaches its own caller alone and everything else lands as without it.
    @Test func aFailingBatchCostsOnlyItself() async throws {
        let single = try Archive(path: folder.path("single.sqlite"))
        let grouped = try Archive(path: folder.path("grouped.sqlite"))
        // A real SQLite failure in the middle of one batch (its second article), after rows of its
        // own and of earlier batches of the group have been written in the same transaction.
        try grouped.write { db in
            try db.execute(sql: """
                CREATE TRIGGER poison BEFORE INSERT ON articles WHEN NEW.title = '毒'
                BEGIN SELECT RAISE(ABORT, 'poisoned article'); END
                """)
        }
        var poisoned = batches
        poisoned.insert(SourceBatch(sourceID: "p", kind: "feed", articles: [
            article("p1", title: "先写入的一篇", text: "这一篇会随整批一起撤销。"),
            article("p2", title: "毒", text: "写入时触发失败。"),
        ]), at: 2)
        let expected = try applyOneByOne(batches, to: single)
        let (writer, results) = try await applyGrouped(poisoned, to: grouped, groupArticles: 1_000)

        // The group was not committed; its writes were, one at a time, all but the poisoned one.
        #expect(writer.committedGroups == [1] + Array(repeating: 1, count: 6))
        guard case .failure(let error) = results[2] else {
            Issue.record("the poisoned batch was stored")
            return
        }
        #expect("\(error)".contains("poisoned article"))
        var others = results
        others.remove(at: 2)
        #expect(try others.map { try $0.get() } == expected.outcomes)
        try expectSameRows(single, grouped)
        #expect(try searchIndex(of: single) == searchIndex(of: grouped))
        try expectSound(grouped)
    }

    /// The sizes of the groups that writes of these article counts, all waiting, are committed in.
    func groupSizes(_ articles: [Int], limit: Int) -> [Int] {
        var rest = articles[...]
        var sizes: [Int] = []
        while !rest.isEmpty {
            let length = ArchiveWriter.Queue.groupLength(rest, limit: limit)
            sizes.append(length)
            rest = rest.dropFirst(length)
        }
        return sizes
    }

    final class Flag: Sendable {
        private let value = Mutex(false)
        var isSet: Bool { value.withLock { $0 } }
        func set() { value.withLock { $0 = true } }
    }

    @Test func groupsAreBoundedByArticlesAndTakeAtLeastOneWrite() {
        #expect(groupSizes([25, 25, 25, 25], limit: 60) == [2, 2])
        #expect(groupSizes([64, 0, 64, 1], limit: 64) == [2, 1, 1])
        #expect(groupSizes([200, 10, 300], limit: 64) == [1, 1, 1])
        #expect(groupSizes([0, 0, 0], limit: 1) == [3])
        #expect(groupSizes([], limit: 1) == [])
    }
}
