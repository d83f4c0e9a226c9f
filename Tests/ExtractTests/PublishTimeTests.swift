import Extract
import Foundation
import Model
import Testing

/// The publish-time choice on pages without a publish meta: forums, encyclopedias, year-given dates.
@Suite struct PublishTimeTests {
    let extractor = ArticleExtractor(clock: ManualClock(ArticleExtractorTests.now))

    static let prose = "讨论的内容很长，大家都说得很有道理，我们应该认真对待每一个观点，并且保持理性的态度。"

    static func post(_ author: String, _ time: String) -> String {
        "<tr><td>\(author)</td><td><p>\(String(repeating: prose, count: 3))</p>"
            + "<p>〓 留言板 发布时间 \(time) by \(author) 〓</p></td></tr>"
    }

    @Test func aForumThreadIsPublishedAtItsFirstPost() throws {
        let page = "<html><head><title>留言板</title></head><body><table>"
            + Self.post("甲", "2005/05/17 22:11:42") + Self.post("乙", "2005/05/18 13:45:40")
            + Self.post("丙", "2005/07/19 23:32:41") + "</table></body></html>"
        let article = try extractor.extract(html: page, url: nil)
        #expect(article.published?.rfc3339 == "2005-05-17T22:11:42+08:00")
    }

    @Test func aDateBeforeNineteenNinetyIsNotReadAsThisYearsMonthAndDay() throws {
        let page = """
            <html><head><title>蔡健雅_百科</title></head><body><h1>蔡健雅</h1>
            <div><p>蔡健雅，1975年1月28日出生于新加坡，华语流行乐女歌手、音乐制作人、词曲创作人。\(Self.prose)</p></div>
            </body></html>
            """
        let article = try extractor.extract(html: page, url: nil)
        #expect(article.published == nil)
    }

    @Test func aLastEditedMetaDatesAPageWithoutAPublishTime() throws {
        let page = """
            <html><head><title>蔡健雅_百科</title><meta itemprop="dateUpdate" content="2020-02-14 10:47:36"></head>
            <body><h1>蔡健雅</h1><h2>蔡健雅 早年经历</h2>
            <div><p>蔡健雅，1975年1月28日出生于新加坡，华语流行乐女歌手。\(Self.prose)</p></div></body></html>
            """
        let article = try extractor.extract(html: page, url: nil)
        #expect(article.published?.rfc3339 == "2020-02-14T10:47:36+08:00")
        #expect(article.title == "蔡健雅")
    }

    @Test func aPublishMetaBeatsALastEditedMeta() throws {
        let page = """
            <html><head><title>标题</title><meta property="article:modified_time" content="2024-05-01T10:00:00+08:00">
            <meta property="article:published_time" content="2024-04-30T08:00:00+08:00"></head>
            <body><div><p>\(Self.prose)\(Self.prose)</p></div></body></html>
            """
        let article = try extractor.extract(html: page, url: nil)
        #expect(article.published?.rfc3339 == "2024-04-30T08:00:00+08:00")
    }
}

@Suite struct MachineDateTests {
    let extractor = ArticleExtractor(clock: ManualClock(ArticleExtractorTests.now))

    @Test func anHAtomPublishedStampDatesABlogPost() throws {
        let page = """
            <html><head><title>只能想念你</title></head><body><h1>只能想念你</h1>
            <div class="post-body"><p>\(PublishTimeTests.prose)\(PublishTimeTests.prose)</p></div>
            <div class="post-footer">Posted by K A at <abbr class="published" title="2011-07-28T12:11:00+08:00">12:11 PM</abbr></div>
            </body></html>
            """
        let article = try extractor.extract(html: page, url: nil)
        #expect(article.published?.rfc3339 == "2011-07-28T12:11:00+08:00")
    }
}

/// Relative times count back from the injected now: 2024-05-18 10:40 in Shanghai.
@Suite struct RelativeTimeTests {
    let extractor = ArticleExtractor(clock: ManualClock(ArticleExtractorTests.now))

    func published(byline: String) throws -> String? {
        let page = "<html><head><title>标题党</title></head><body><h1>标题党</h1><div class=\"info\">\(byline) 来源：快资讯</div>"
            + "<div><p>\(PublishTimeTests.prose)\(PublishTimeTests.prose)</p></div></body></html>"
        return try extractor.extract(html: page, url: nil).published?.rfc3339
    }

    @Test func relativeTimesNearTheTitleCountBackFromNow() throws {
        #expect(try published(byline: "昨天 13:43") == "2024-05-17T13:43:00+08:00")
        #expect(try published(byline: "今天 08:05") == "2024-05-18T08:05:00+08:00")
        #expect(try published(byline: "3小时前") == "2024-05-18T07:40:00+08:00")
        #expect(try published(byline: "刚刚") == "2024-05-18T10:40:00+08:00")
    }

    @Test func anAbsoluteDateBeatsARelativeOne() throws {
        #expect(try published(byline: "3小时前 · 2024-05-17 22:10") == "2024-05-17T22:10:00+08:00")
    }
}
