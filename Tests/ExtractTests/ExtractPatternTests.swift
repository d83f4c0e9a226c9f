import Extract
import Foundation
import Model
import Testing
import TestSupport

/// The page shapes that mislead a body scorer on pages it has not seen, one small hand-made page each
/// (Tests/Fixtures/extract-patterns, described in Tests/Fixtures/README.md).
@Suite struct ExtractPatternTests {
    let extractor = ArticleExtractor(clock: ManualClock(ArticleExtractorTests.now))

    private func extract(_ name: String, url: String? = nil) throws -> ExtractedArticle {
        let text = try String(contentsOf: Fixtures.url("extract-patterns/\(name)"), encoding: .utf8)
        return try extractor.extract(html: text, url: url)
    }

    private func occurrences(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    // 1. Repeated post units.

    @Test func aForumThreadIsItsFirstPostNotAllReplies() throws {
        let article = try extract("forum-thread.html")
        #expect(article.contentText.contains("楼主原帖：今年以来上证指数震荡上行"))
        #expect(!article.contentText.contains("半导体设备"))
        #expect(!article.contentText.contains("资产配置比择时更重要"))
    }

    @Test func aCommentBoxHoldingMostOfThePageIsNotTheBody() throws {
        let article = try extract("blog-comments.html")
        #expect(article.contentText.contains("定投的好处在于纪律"))
        #expect(article.contentText.contains("需要很大的勇气"))
        #expect(!article.contentText.contains("现金流稳定"))
        #expect(!article.contentText.contains("网友1"))
    }

    /// The same shape in other words: English, a list of reader notes whose class names say nothing
    /// of comments, each with its own "wrote on" line.
    @Test func readerNotesWithNeutralNamesAreNotTheBody() throws {
        let article = try extract("reader-notes.html")
        #expect(article.contentText.contains("kept its benchmark rate unchanged"))
        #expect(article.contentText.contains("first cut early next year"))
        #expect(!article.contentText.contains("the bank is right to wait"))
        #expect(!article.contentText.contains("wrote on"))
    }

    // 2. Boilerplate written as sentences.

    @Test func legalLinesAndDatedLinkListsAreNotTheArticle() throws {
        let article = try extract("legal-footer.html")
        #expect(article.contentText.contains("出口额同比增长百分之十二"))
        #expect(article.contentText.contains("稳定外贸基本盘"))
        #expect(!article.contentText.contains("ICP备"))
        #expect(!article.contentText.contains("版权所有"))
        #expect(!article.contentText.contains("经营许可证"))
        #expect(!article.contentText.contains("快讯3"))
    }

    // 3. Text no reader sees, and the same text twice.

    @Test func hiddenCopiesAndPlayerStringsAreLeftOut() throws {
        let article = try extract("hidden-copies.html")
        #expect(occurrences("居民消费价格同比上涨", in: article.contentText) == 1)
        #expect(!article.contentText.contains("视频加载中"))
        #expect(!article.contentText.contains("不支持视频播放"))
    }

    /// Upper-case inline styles with `!important`, `aria-hidden` and the `hidden` attribute, in English.
    @Test func hiddenCopiesInOtherSpellingsAreLeftOut() throws {
        let article = try extract("hidden-copies-en.html")
        #expect(occurrences("kept its benchmark rate unchanged", in: article.contentText) == 1)
        #expect(article.contentText.contains("currency weakened against the dollar"))
        #expect(!article.contentText.contains("Loading video player"))
    }

    @Test func anArticleShownTwiceIsExtractedOnce() throws {
        let article = try extract("duplicate-view.html")
        #expect(occurrences("居民消费价格同比上涨", in: article.contentText) == 1)
        #expect(article.contentText.contains("核心通胀保持稳定"))
    }

    // 4. A flat container: readability's sibling merge.

    @Test func shortParagraphsBesideLinkTablesAreMerged() throws {
        let article = try extract("flat-container.html")
        #expect(article.contentText.contains("第1条："))
        #expect(article.contentText.contains("第15条："))
        #expect(article.contentText.contains("第30条："))
        #expect(!article.contentText.contains("相关链接标题"))
        #expect(!article.contentText.contains("专题栏目"))
    }

    // 5. Where the date is.

    @Test func aTimedLineAfterTheBodyBeatsTheDateInTheURL() throws {
        let article = try extract("date-after-body.html", url: "http://bbs.example.com/2005/04/27/1234.html")
        #expect(article.published?.rfc3339 == "2005-04-27T14:32:00+08:00")
    }

    @Test func aDateInsideASidebarLinkLosesToTheTimedDateOpeningTheBody() throws {
        let article = try extract("date-in-link-sidebar.html")
        #expect(article.published?.rfc3339 == "2021-12-23T13:43:00+08:00")
    }

    @Test func pagePropertiesInACommentGiveTheDate() throws {
        let article = try extract("date-in-comment.html")
        #expect(article.published?.rfc3339 == "2012-05-03T10:20:00+08:00")
    }

    @Test func aHiddenFieldGivesTheDate() throws {
        let article = try extract("date-in-hidden-input.html")
        #expect(article.published?.rfc3339 == "2012-05-03T10:20:00+08:00")
    }

    // 6. Date forms.

    @Test func aMonthlyIssueGivesItsMonthAsALastResort() throws {
        let article = try extract("month-issue.html")
        #expect(article.published?.rfc3339 == "1998-03-01T00:00:00+08:00")
    }

    @Test func aRelativeWordInsideASentenceIsNoPublishTime() throws {
        let article = try extract("relative-in-sentence.html")
        #expect(article.published == nil)
    }

    @Test func aRelativeWordAfterADateLabelIsThePublishTime() throws {
        let page = "<html><body><h1>公司发布新品</h1><div class=\"info\">发布时间：刚刚</div><div class=\"text\">"
            + "<p>该公司发布了新一代产品，售价比上一代下调一成，市场反应积极，订单明显增加。</p></div></body></html>"
        let article = try extractor.extract(html: page, url: nil)
        #expect(article.published?.date == ArticleExtractorTests.now)
    }
}
