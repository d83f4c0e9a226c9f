import Config
import Dedup
import Foundation
import Model
@testable import Pages
import Publish
import Server
import Store
import TestSupport
import Testing

/// The pages rendered from a real archive: what they list, what they escape, the revision diff.
@Suite struct PagesTests {
    let folder: TemporaryFolder
    let archive: Archive
    let site: Site
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    init() throws {
        folder = try TemporaryFolder("pages")
        try FileManager.default.createDirectory(at: folder.path("posts"), withIntermediateDirectories: true)
        let config = try FinewsConfig.parse("""
            database: a.sqlite
            output: public
            feed:
              title: "finews <test>"
              base_url: http://127.0.0.1:8080/
            sources:
              - id: s
                kind: files
                path: posts
            """, file: folder.path("finews.yaml"))
        archive = try Archive(path: config.database)
        site = Site(archive: archive, publisher: Publisher(archive: archive, config: config), title: config.feed.title,
                    description: config.feed.description, language: config.feed.language, timeZone: config.timeZone,
                    baseURL: config.feed.baseURL)
    }

    func draft(_ id: String, title: String, text: String, outlet: String = "新华社") -> PreparedArticle {
        var draft = ArticleDraft(itemID: id, title: title)
        draft.outlet = outlet
        return PreparedArticle(draft, itemID: id, contentHTML: "<p>\(text)</p>", contentText: text,
                               fingerprint: Fingerprinter().fingerprint(text))
    }

    func add(_ drafts: [PreparedArticle], source: String = "s", at time: Date) throws {
        let refresh = try archive.beginRefresh(trigger: .manual, at: time)
        _ = try archive.apply(SourceBatch(sourceID: source, kind: "files", articles: drafts), refreshID: refresh, at: time)
    }

    func page(_ path: String, _ query: String? = nil) async throws -> PageAnswer {
        try #require(await site.answer(path: path, query: query) {
            SiteSummary(title: "t", description: "d", feeds: [], sources: [], lastRefresh: nil)
        })
    }

    @Test func theFrontPageListsStoriesEscaped() async throws {
        try add([draft("1", title: "<script>alert(1)</script>银行", text: "银行<img src=x onerror=alert(1)>正文")], at: now)
        let front = try await page("/")
        #expect(front.status == 200)
        #expect(front.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;银行"))
        #expect(front.body.contains("finews &lt;test&gt;"))
        #expect(!front.body.contains("<script"))
        #expect(!front.body.contains("<img"))
        #expect(front.body.contains("<html lang=\"zh-CN\">"))
        #expect(front.body.contains("rel=\"alternate\" type=\"application/atom+xml\""))
    }

    @Test func searchReflectsNoMarkupAndHighlights() async throws {
        try add([draft("1", title: "央行降准", text: "中國人民銀行宣布降准。")], at: now)
        let hostile = try await page("/search", "q=%3Cscript%3E%22%27%3E")
        #expect(!hostile.body.contains("<script>"))
        #expect(hostile.body.contains("&lt;script&gt;&quot;&#39;&gt;"))
        let found = try await page("/search", "q=%E9%93%B6%E8%A1%8C")  // 银行
        #expect(found.body.contains("<mark>銀行</mark>"))
        #expect(found.body.contains("search/atom.xml?q=%E9%93%B6%E8%A1%8C"))
        let feed = try await page("/search/atom.xml", "q=%E9%93%B6%E8%A1%8C")
        #expect(feed.contentType.hasPrefix("application/atom+xml"))
        #expect(feed.body.contains("央行降准"))
        #expect(feed.body.contains("search/atom.xml?q=%E9%93%B6%E8%A1%8C"))
        let tooLong = try await page("/search", "q=" + String(repeating: "a", count: 300))
        #expect(tooLong.status == 400)
    }

    @Test func anArticleShowsItsBodyAndTheDiffOfAnEdit() async throws {
        try add([draft("1", title: "公司公告", text: "公司宣布回购股份。\n第二段不变。")], at: now)
        try add([draft("1", title: "公司公告（更新）", text: "公司宣布增持股份。\n第二段不变。")], at: now.addingTimeInterval(600))
        let id = Article.stableID(sourceID: "s", itemID: "1")
        let article = try await page("/articles/\(id)")
        #expect(article.body.contains("<p>公司宣布增持股份。\n第二段不变。</p>"))
        #expect(article.body.contains("<del>回购</del><ins>增持</ins>"))
        #expect(article.body.contains("<ins>（更新）</ins>"))
        #expect(try await page("/articles/0000000000000000").status == 404)
        #expect(try await page("/articles/<x>").status == 404)
    }

    @Test func aStoryShowsEveryOutlet() async throws {
        let text = String(repeating: "国家统计局今日发布数据，十月份居民消费价格同比上涨百分之零点二，环比下降百分之零点一。", count: 4)
        try add([draft("1", title: "统计局：CPI同比上涨", text: text)], source: "a", at: now)
        try add([draft("1", title: "十月CPI出炉", text: text, outlet: "中国新闻网")], source: "b", at: now.addingTimeInterval(60))
        let lead = try #require(try archive.frontPage(limit: 5).first)
        #expect(lead.otherOutlets == 1)
        let story = try await page("/stories/\(lead.storyID)")
        #expect(story.body.contains("新华社"))
        #expect(story.body.contains("中国新闻网"))
        #expect(story.body.contains("十月CPI出炉"))
    }

    @Test func diffsMarkCharactersAndKeepParagraphs() {
        let diff = TextDiff(old: "甲乙丙\nGDP up", new: "甲丁丙\nGDP down")
        #expect(diff.html == "<p>甲<del>乙</del><ins>丁</ins>丙</p>\n<p>GDP <del>up</del><ins>down</ins></p>")
        #expect(TextDiff(old: "<a>", new: "<b>").html == "<p>&lt;<del>a</del><ins>b</ins>&gt;</p>")
    }
}
