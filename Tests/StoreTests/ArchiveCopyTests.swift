import Dedup
import Foundation
import Model
@testable import Store
import TestSupport
import Testing

/// `finews migrate`: an SQLite archive copied into PostgreSQL and back is the same archive, checked by
/// the copy's own counts and digests and by what the archives answer.
@Suite struct ArchiveCopyTests {
    let folder: TemporaryFolder
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    let text = (1...6).map { "第\($0)部分：新能源汽车产业链上下游企业加快布局，电池材料价格回落，整车企业利润改善。" }
        .joined(separator: "\n")

    init() throws {
        folder = try TemporaryFolder("archive-copy")
    }

    func draft(_ id: String, title: String, text: String, minute: Int) -> PreparedArticle {
        let published = ZonedDate(date: now.addingTimeInterval(Double(minute) * 60), utcOffset: 8 * 3600)
        let draft = ArticleDraft(itemID: id, origin: "\(id).md", link: "https://example.com/\(id)", title: title,
                                 published: published, outlet: "outlet-\(id)", categories: [Category(name: "新能源")],
                                 tags: ["电池"])
        return PreparedArticle(draft, itemID: id, contentHTML: "<p>\(text)</p>", contentText: text,
                               fingerprint: Fingerprinter().fingerprint(text))
    }

    /// Articles from three sources, a story of reprints (one in Traditional script), an edit, a removal,
    /// health and validators.
    func populate(_ archive: any ArchiveStore) throws {
        let refresh = try archive.beginRefresh(trigger: .manual, at: now)
        var outcomes: [SourceOutcome] = []
        outcomes.append(try archive.apply(SourceBatch(sourceID: "a", kind: "files", articles: [
            draft("1", title: "新能源车企加快布局", text: text, minute: 0),
            draft("2", title: "银行下调存款利率", text: "多家银行下调存款利率，幅度为十个基点。", minute: 1),
        ]), refreshID: refresh, at: now))
        outcomes.append(try archive.apply(SourceBatch(sourceID: "b", kind: "files", articles: [
            draft("3", title: "新能源車企加快佈局", text: text.replacingOccurrences(of: "电池", with: "電池"), minute: 2),
        ]), refreshID: refresh, at: now))
        try archive.finishRefresh(refresh, outcomes: outcomes, at: now.addingTimeInterval(5))
        let second = try archive.beginRefresh(trigger: .schedule, at: now.addingTimeInterval(600))
        var edit = SourceBatch(sourceID: "a", kind: "files", articles: [
            draft("2", title: "银行下调存款利率", text: "多家银行下调存款利率，幅度为二十个基点。", minute: 1),
        ])
        edit.completeListing = ["2.md"]
        let edited = try archive.apply(edit, refreshID: second, at: now.addingTimeInterval(600))
        try archive.finishRefresh(second, outcomes: [edited], at: now.addingTimeInterval(605))
        try archive.recordAttempt(SourceAttempt(sourceID: "a", at: now, httpStatus: 200, error: nil)) { _ in now.addingTimeInterval(900) }
        try archive.storeHTTPValidators(HTTPValidators(etag: "\"v1\"", lastModified: nil), for: "https://example.com/feed", at: now)
    }

    @Test func sqliteToPostgresAndBackIsTheSameArchive() throws {
        let original = try StoreBackend.sqlite.makeArchive(in: folder, name: "original")
        try populate(original)
        let server = try StoreBackend.postgresql.makeArchive(in: folder)
        let up = try ArchiveCopy.copy(from: original, to: server)
        #expect(up.isExact, "\(up.tables) \(up.mismatched)")
        #expect(up.articlesCompared == 3)
        #expect(up.tables.first { $0.table == "change_events" }?.target == up.tables.first { $0.table == "change_events" }?.source)
        #expect(up.tables.allSatisfy { $0.source > 0 }, "every table has rows to copy: \(up.tables)")

        let back = try StoreBackend.sqlite.makeArchive(in: folder, name: "back")
        let down = try ArchiveCopy.copy(from: server, to: back)
        #expect(down.isExact, "\(down.tables) \(down.mismatched)")
        // What readers see is the same on all three.
        for archive in [server, back] {
            #expect(try archive.latestArticles(.all, limit: 10, onePerStory: true) == original.latestArticles(.all, limit: 10, onePerStory: true))
            #expect(try archive.changes() == original.changes())
            #expect(try archive.revisions(of: Article.stableID(sourceID: "a", itemID: "2")).map(\.title)
                    == original.revisions(of: Article.stableID(sourceID: "a", itemID: "2")).map(\.title))
            #expect(try archive.search(SearchQuery(parsing: "存款")).map(\.article.id) == original.search(SearchQuery(parsing: "存款")).map(\.article.id))
            #expect(try archive.sourceHealth() == original.sourceHealth())
        }
        // The copy continues where the original left off: a new refresh and a new article get new ids.
        let next = try server.beginRefresh(trigger: .manual, at: now.addingTimeInterval(1_200))
        #expect(next == (try original.lastRefresh()?.id ?? 0) + 1)
    }

    @Test func aCopyIntoAnArchiveThatHoldsArticlesIsRefused() throws {
        let original = try StoreBackend.sqlite.makeArchive(in: folder, name: "original")
        try populate(original)
        let server = try StoreBackend.postgresql.makeArchive(in: folder)
        _ = try ArchiveCopy.copy(from: original, to: server)
        #expect(throws: StoreError.self) { try ArchiveCopy.copy(from: original, to: server) }
        #expect(try server.articleCount() == 3)
    }

    /// The check finds a difference: an article changed on one side after the copy.
    @Test func theDigestCheckFindsAChangedArticle() throws {
        let original = try StoreBackend.sqlite.makeArchive(in: folder, name: "original")
        try populate(original)
        let copy = try StoreBackend.sqlite.makeArchive(in: folder, name: "copy")
        #expect(try ArchiveCopy.copy(from: original, to: copy).isExact)
        let refresh = try copy.beginRefresh(trigger: .manual, at: now.addingTimeInterval(2_000))
        _ = try copy.apply(SourceBatch(sourceID: "a", kind: "files", articles: [
            draft("1", title: "新能源车企加快布局（更新）", text: text, minute: 0),
        ]), refreshID: refresh, at: now.addingTimeInterval(2_000))
        guard let from = original as? any CopyEndpoint, let to = copy as? any CopyEndpoint else {
            Issue.record("SQLite archives are copy endpoints")
            return
        }
        let report = try ArchiveCopy.compare(from, to) { _ in }
        // The edited article, and whatever the edit changed besides (its story's lead flags).
        #expect(report.mismatched.contains(Article.stableID(sourceID: "a", itemID: "1")))
        #expect(!report.mismatched.contains(Article.stableID(sourceID: "a", itemID: "2")))
        #expect(!report.isExact)
    }
}
