import Dedup
import Foundation
import Model
@testable import Store
import Testing
import TestSupport

/// A long-running process outlives its server's restarts: after the connection breaks (here its backend
/// is ended, as a restart or an administrator does), the write that met the broken connection fails and
/// says that the next write reconnects, and the next write does; readers drop a broken connection and
/// open a new one. A statement the server refuses is not a lost connection.
@Suite struct PostgresReconnectionTests {
    let start = Date(timeIntervalSince1970: 1_700_000_000)

    func makeArchive() throws -> (archive: PostgresArchive, cluster: PostgresCluster, database: String) {
        let cluster = try PostgresCluster.running()
        let url = try cluster.makeDatabase("reconnect")
        let database = try #require(url.split(separator: "/").last.map(String.init))
        return (try PostgresArchive(PostgresLocation(url: url)), cluster, database)
    }

    func batch(_ item: String) -> SourceBatch {
        let text = "\(item)：新能源汽车产业链上下游企业加快布局，电池材料价格回落，整车企业利润改善。"
        let article = PreparedArticle(ArticleDraft(itemID: item, origin: "/\(item)", link: "https://example.cn/\(item)", title: "标题\(item)"),
                                      itemID: item, contentHTML: "<p>\(text)</p>", contentText: text,
                                      fingerprint: Fingerprinter().fingerprint(text))
        return SourceBatch(sourceID: "wire", kind: "files", articles: [article])
    }

    /// Ends every other backend of the database (the archive's writer and readers) and waits, bounded,
    /// until the server lists none of them.
    func endOtherBackends(_ cluster: PostgresCluster, _ database: String) throws {
        try cluster.psql(database, """
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
            """)
        let deadline = Date().addingTimeInterval(20)
        while try cluster.psql(database, """
            SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
            """).trimmingCharacters(in: .whitespacesAndNewlines) != "0" {
            try #require(Date() < deadline, "the ended backends are still listed after 20 s")
            usleep(20_000)
        }
    }

    @Test func theWriteThatLosesTheConnectionSaysSoAndTheNextReconnects() throws {
        let (archive, _, _) = try makeArchive()
        let refresh = try archive.beginRefresh(trigger: .manual, at: start)
        #expect(try archive.apply(batch("a1"), refreshID: refresh, at: start).new == 1)
        let lost = #expect(throws: StoreError.self) {
            try archive.write { session in try session.query("SELECT pg_terminate_backend(pg_backend_pid())") }
        }
        #expect("\(lost.map { "\($0)" } ?? "")".contains("the next write reconnects"))
        #expect(try archive.apply(batch("a2"), refreshID: refresh, at: start).new == 1)
        #expect(try archive.article(id: Article.stableID(sourceID: "wire", itemID: "a2"))?.title == "标题a2")
    }

    @Test func aStatementTheServerRefusesKeepsTheConnection() throws {
        let (archive, _, _) = try makeArchive()
        let pid = try archive.write { session in try session.query("SELECT pg_backend_pid() AS pid").first?.required("pid", as: Int32.self) }
        let refused = #expect(throws: StoreError.self) {
            try archive.write { session in try session.query("SELECT * FROM no_such_table") }
        }
        #expect(!"\(refused.map { "\($0)" } ?? "")".contains(PostgresArchive.lostConnection))
        let after = try archive.write { session in try session.query("SELECT pg_backend_pid() AS pid").first?.required("pid", as: Int32.self) }
        #expect(pid == after)
    }

    /// Ended from another connection while idle (a server restart ends every backend): the next write and
    /// read either notice it before they start and reconnect, or fail saying so; the one after succeeds.
    @Test func writesAndReadsSucceedAfterTheirBackendsAreEnded() throws {
        let (archive, cluster, database) = try makeArchive()
        let refresh = try archive.beginRefresh(trigger: .manual, at: start)
        #expect(try archive.apply(batch("b1"), refreshID: refresh, at: start).new == 1)
        let id = Article.stableID(sourceID: "wire", itemID: "b1")
        #expect(try archive.article(id: id) != nil)
        try endOtherBackends(cluster, database)

        var outcome: SourceOutcome?
        for _ in 0..<2 where outcome == nil {
            do {
                outcome = try archive.apply(batch("b2"), refreshID: refresh, at: start)
            } catch {
                #expect("\(error)".contains("the next write reconnects"))
            }
        }
        #expect(outcome?.new == 1)
        var title: String?
        for _ in 0..<2 where title == nil {
            do {
                title = try archive.article(id: id)?.title
            } catch {
                #expect("\(error)".contains("the next read opens a new one"))
            }
        }
        #expect(title == "标题b1")
    }
}
