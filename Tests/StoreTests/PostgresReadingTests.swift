import Dedup
import Foundation
import Model
@testable import Store
import TestSupport
import Testing

/// PostgreSQL's reads against SQLite's on the same rows (`PostgresCopy`): feeds and their pages, filter
/// candidates, categories, lookups, change log, revisions, stories, the front page, versions and errors
/// all return the same values in the same order.
@Suite struct PostgresReadingTests {
    let folder: TemporaryFolder
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    init() throws {
        folder = try TemporaryFolder("pg-reading")
    }

    static let texts = [
        "多家银行下调存款利率，市场预期货币政策继续宽松。",
        "基金公司发布季报，权益类产品规模回升。",
        "香港銀行業公佈業績，證券市場反應熱烈。",
        "新能源汽车产业链上下游企业加快布局，电池材料价格回落。",
        "央行宣布降准零点五个百分点，释放长期资金约一万亿元。",
        "统计局公布数据，十月份居民消费价格同比上涨。",
    ]

    func draft(_ id: String, text: String, minute: Int?, category: String, outlet: String?, title: String? = nil) -> PreparedArticle {
        var draft = ArticleDraft(itemID: id, origin: "\(id).md", link: "https://example.com/\(id)", title: title ?? "标题\(id)",
                                 outlet: outlet, author: "记者", categories: [Category(name: category)], tags: ["t\(id)"])
        draft.published = minute.map { ZonedDate(date: now.addingTimeInterval(Double($0) * 60), utcOffset: 8 * 3600) }
        // Long enough to fingerprint: the same text from the other source joins its story.
        let text = (1...6).map { "第\($0)部分：\(text)" }.joined(separator: "\n")
        return PreparedArticle(draft, itemID: id, contentHTML: "<p>\(text)</p>", contentText: text,
                               fingerprint: Fingerprinter().fingerprint(text))
    }

    /// Two sources that reprint each other (stories), categories, equal feed times (the id decides),
    /// articles without a date, an edit (a revision), a removal, and a source's errors.
    func archive() throws -> Archive {
        let archive = try Archive(path: folder.path("a.sqlite"))
        let first = try archive.beginRefresh(trigger: .manual, at: now)
        for (source, outlet) in [("xinhua", "新华社"), ("chinanews", nil as String?)] {
            let articles = (0..<24).map { index in
                draft("\(source)-\(index)", text: Self.texts[index % Self.texts.count] + (index < 12 ? "" : String(repeating: "另\(index)", count: index)),
                      minute: index % 5 == 4 ? nil : index / 2, category: index % 3 == 0 ? "宏观" : "金融", outlet: outlet)
            }
            var batch = SourceBatch(sourceID: source, kind: "files", articles: articles, errors: source == "xinhua" ? ["item 7: no title"] : [])
            batch.completeListing = Set(articles.compactMap(\.origin))
            _ = try archive.apply(batch, refreshID: first, at: now)
        }
        let second = try archive.beginRefresh(trigger: .manual, at: now.addingTimeInterval(600))
        let edited = draft("xinhua-3", text: "央行宣布降准，释放长期资金。", minute: 1, category: "宏观", outlet: "新华社",
                           title: "标题xinhua-3（更新）")
        var batch = SourceBatch(sourceID: "xinhua", kind: "files", articles: [edited])
        batch.completeListing = Set((0..<24).filter { $0 != 5 }.map { "xinhua-\($0).md" })
        _ = try archive.apply(batch, refreshID: second, at: now.addingTimeInterval(600))
        _ = try archive.apply(SourceBatch(sourceID: "broken", kind: "feed", articles: [], failure: "HTTP 500"),
                              refreshID: second, at: now.addingTimeInterval(600))
        return archive
    }

    @Test func everyReadReturnsWhatSQLiteReturns() throws {
        let sqlite = try archive()
        let postgres = try PostgresCopy.copy(sqlite)
        #expect(try postgres.articleCount() == sqlite.articleCount())
        #expect(try postgres.articleCount() == 48)
        #expect(try postgres.storyCount() == sqlite.storyCount())
        #expect(try postgres.sourceIDs() == sqlite.sourceIDs())
        #expect(try postgres.categories() == sqlite.categories())
        #expect(try postgres.categories().count == 2)
        let scopes: [FeedScope] = [.all, .source("xinhua"), .source("chinanews"), .category(Category(name: "宏观").slug),
                                   .category(Category(name: "金融").slug), .source("nobody")]
        for scope in scopes {
            for onePerStory in [false, true] {
                let expected = try sqlite.latestArticles(scope, limit: 100, onePerStory: onePerStory)
                #expect(try postgres.latestArticles(scope, limit: 100, onePerStory: onePerStory) == expected, "\(scope) \(onePerStory)")
                #expect(try postgres.filterCandidates(scope, limit: 30, onePerStory: onePerStory)
                        == sqlite.filterCandidates(scope, limit: 30, onePerStory: onePerStory))
                // Pages of 7 walk the same feed.
                var cursor: FeedCursor?
                var pages = 0
                repeat {
                    let mine = try postgres.latestArticles(scope, limit: 7, onePerStory: onePerStory, after: cursor)
                    let theirs = try sqlite.latestArticles(scope, limit: 7, onePerStory: onePerStory, after: cursor)
                    #expect(mine.articles == theirs.articles)
                    #expect(mine.next == theirs.next)
                    cursor = theirs.next
                    pages += 1
                } while cursor != nil && pages < 20
                let prefilter: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Bool = { _, text in
                    String(decoding: text, as: UTF8.self).contains("银行")
                }
                let keep: (Article) -> Bool = { !$0.itemID.hasSuffix("0") }
                #expect(try postgres.filterCandidates(scope, limit: 40, onePerStory: onePerStory, wanted: 3, prefilter: prefilter, keeping: keep)
                        == sqlite.filterCandidates(scope, limit: 40, onePerStory: onePerStory, wanted: 3, prefilter: prefilter, keeping: keep))
            }
        }
        let all = try sqlite.articles(source: nil, after: "", limit: 1000)
        #expect(all.count == 48)
        #expect(try postgres.articles(source: nil, after: "", limit: 1000) == all)
        #expect(try postgres.articles(source: "xinhua", after: all[3].id, limit: 5) == sqlite.articles(source: "xinhua", after: all[3].id, limit: 5))
        #expect(try postgres.contentHTML(of: all.prefix(5).map(\.id) + ["missing"]) == sqlite.contentHTML(of: all.prefix(5).map(\.id) + ["missing"]))
        #expect(try postgres.changes(after: 0, since: nil, limit: 1000) == sqlite.changes(after: 0, since: nil, limit: 1000))
        #expect(try postgres.changes(after: 5, since: now.addingTimeInterval(300), limit: 10)
                == sqlite.changes(after: 5, since: now.addingTimeInterval(300), limit: 10))
        #expect(try postgres.latestChanges(limit: 9) == sqlite.latestChanges(limit: 9))
        #expect(try postgres.frontPage(limit: 100, offset: 0).map(\.digest) == sqlite.frontPage(limit: 100, offset: 0).map(\.digest))
        #expect(try postgres.frontPage(limit: 5, offset: 3).map(\.digest) == sqlite.frontPage(limit: 5, offset: 3).map(\.digest))
        var stories = 0
        for article in all {
            #expect(try postgres.article(id: article.id) == article)
            #expect(try postgres.revisions(of: article.id).map { "\($0)" } == sqlite.revisions(of: article.id).map { "\($0)" })
            #expect(try postgres.versions(of: article.id).map(\.digest) == sqlite.versions(of: article.id).map(\.digest))
            guard let story = article.storyID else { continue }
            stories += 1
            #expect(try postgres.story(story, limit: 10) == sqlite.story(story, limit: 10))
            #expect(try postgres.storyMembers(story, except: article.id, limit: 10) == sqlite.storyMembers(story, except: article.id, limit: 10))
            let scopes = (try postgres.storyScopes(story), try sqlite.storyScopes(story))
            #expect(scopes.0 == scopes.1)
        }
        #expect(stories > 0)
        #expect(try postgres.story(all[0].id, limit: 10) == sqlite.story(all[0].id, limit: 10))
        #expect(try sqlite.revisions(of: all.first { $0.itemID == "xinhua-3" }?.id ?? "").count == 1)
        #expect(try postgres.article(id: "missing") == nil)
        #expect(try postgres.versions(of: "missing").isEmpty)
        for source in ["xinhua", "broken", "chinanews"] {
            let errors = try sqlite.recentErrors(of: source, limit: 10)
            #expect(try postgres.recentErrors(of: source, limit: 10).map(\.digest) == errors.map(\.digest))
        }
        #expect(try !sqlite.recentErrors(of: "broken", limit: 10).isEmpty)
    }
}

extension StoryCard {
    var digest: String { "\(lead) \(storyID) \(otherOutlets) \(otherOutletsAtLeast)" }
}

extension ArticleVersion {
    var digest: String { "\(version) \(title) \(contentHTML) \(contentText) \(since.timeIntervalSince1970) \(summary ?? "-") \(trivial)" }
}

extension SourceErrors {
    var digest: String { "\(refreshID) \(at.timeIntervalSince1970) \(failure ?? "-") \(errors)" }
}
