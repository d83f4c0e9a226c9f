import Dedup
import Foundation
import Model
import Store
import TestSupport
import Testing

/// The archive on a real SQLite file (migrations, WAL, transactions, reopening) and, where the behaviour is
/// the backend's, on a real PostgreSQL database too.
@Suite struct ArchiveTests {
    let folder: TemporaryFolder
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    init() throws {
        folder = try TemporaryFolder("store")
    }

    func draft(_ id: String, title: String = "标题", text: String = "正文", origin: String? = nil) -> PreparedArticle {
        PreparedArticle(ArticleDraft(itemID: id, origin: origin, title: title), itemID: id,
                        contentHTML: "<p>\(text)</p>", contentText: text, fingerprint: Fingerprinter().fingerprint(text))
    }

    /// On PostgreSQL, another connection (another process) opening the same database finds what was stored.
    @Test(arguments: StoreBackend.allCases)
    func whatIsStoredSurvivesReopening(_ backend: StoreBackend) throws {
        let database = try backend.newDatabase(in: folder)
        do {
            let archive = try ArchiveBackend.open(database)
            let refresh = try archive.beginRefresh(trigger: .manual, at: now)
            _ = try archive.apply(SourceBatch(sourceID: "s", kind: "files", articles: [draft("1")]), refreshID: refresh, at: now)
        }
        let reopened = try ArchiveBackend.open(database)
        #expect(try reopened.articleCount() == 1)
        #expect(try reopened.latestArticles(.all, limit: 5).first?.title == "标题")
    }

    @Test func opensInWALModeAndSurvivesReopening() throws {
        let path = folder.path("a.sqlite")
        do {
            let archive = try Archive(path: path)
            let refresh = try archive.beginRefresh(trigger: .manual, at: now)
            _ = try archive.apply(SourceBatch(sourceID: "s", kind: "files", articles: [draft("1")]), refreshID: refresh, at: now)
            // WAL mode keeps its log beside the file while connections are open.
            #expect(FileManager.default.fileExists(atPath: path.path + "-wal"))
        }
        let reopened = try Archive(path: path)
        #expect(try reopened.articleCount() == 1)
        #expect(try reopened.latestArticles(.all, limit: 5).first?.title == "标题")
    }

    @Test func aCorruptFileIsAnErrorNamingIt() throws {
        let path = try folder.write("broken.sqlite", String(repeating: "not a database ", count: 100))
        do {
            _ = try Archive(path: path)
            Issue.record("opened a corrupt file")
        } catch {
            #expect(error.description.contains("broken.sqlite"))
        }
        // What was there is left alone for the user to inspect.
        #expect(try String(contentsOf: path, encoding: .utf8).hasPrefix("not a database"))
    }

    @Test(arguments: StoreBackend.allCases)
    func identityIsPerSourceAndItem(_ backend: StoreBackend) throws {
        let archive = try backend.makeArchive(in: folder)
        let refresh = try archive.beginRefresh(trigger: .manual, at: now)
        let first = try archive.apply(SourceBatch(sourceID: "a", kind: "files", articles: [draft("1"), draft("2")]),
                                      refreshID: refresh, at: now)
        let other = try archive.apply(SourceBatch(sourceID: "b", kind: "files", articles: [draft("1")]), refreshID: refresh, at: now)
        #expect(first.new == 2)
        #expect(other.new == 1)
        #expect(try archive.articleCount() == 3)
        #expect(Article.stableID(sourceID: "a", itemID: "1") != Article.stableID(sourceID: "b", itemID: "1"))
    }

    @Test(arguments: StoreBackend.allCases)
    func aRepeatedItemInOneBatchIsReportedNotStoredTwice(_ backend: StoreBackend) throws {
        let archive = try backend.makeArchive(in: folder)
        let refresh = try archive.beginRefresh(trigger: .manual, at: now)
        let outcome = try archive.apply(SourceBatch(sourceID: "a", kind: "files",
                                                    articles: [draft("1", origin: "x.md"), draft("1", title: "另一个", origin: "y.md")]),
                                        refreshID: refresh, at: now)
        #expect(outcome.new == 1)
        #expect(outcome.errors == ["y.md: same item id '1' as x.md; skipped"])
    }

    @Test(arguments: StoreBackend.allCases)
    func aTrivialEditIsRecordedAsTrivial(_ backend: StoreBackend) throws {
        let archive = try backend.makeArchive(in: folder)
        let refresh = try archive.beginRefresh(trigger: .manual, at: now)
        _ = try archive.apply(SourceBatch(sourceID: "a", kind: "files", articles: [draft("1", text: "增长5%，市场平稳。")]),
                              refreshID: refresh, at: now)
        let outcome = try archive.apply(SourceBatch(sourceID: "a", kind: "files", articles: [draft("1", text: "增长5%, 市场平稳.")]),
                                        refreshID: refresh, at: now.addingTimeInterval(60))
        #expect(outcome.updated == 1)
        let revisions = try archive.revisions(of: Article.stableID(sourceID: "a", itemID: "1"))
        #expect(revisions.map(\.trivial) == [true])
    }

    @Test(arguments: StoreBackend.allCases)
    func refreshesRecordTheirTotals(_ backend: StoreBackend) throws {
        let archive = try backend.makeArchive(in: folder)
        let refresh = try archive.beginRefresh(trigger: .schedule, at: now)
        let outcome = try archive.apply(SourceBatch(sourceID: "a", kind: "files", articles: [draft("1")], errors: ["x: bad"]),
                                        refreshID: refresh, at: now)
        try archive.finishRefresh(refresh, outcomes: [outcome], at: now.addingTimeInterval(2))
        let record = try #require(try archive.lastRefresh())
        #expect(record.trigger == "schedule")
        #expect(record.new == 1)
        #expect(record.errors == 1)
        #expect(record.finished == now.addingTimeInterval(2))
    }
}
