import Extract
import Foundation
import Model
import Testing
import TestSupport

@Suite struct ArticleExtractorTests {
    static let now = Date(timeIntervalSince1970: 1_716_000_000)   // 2024-05-18T02:40:00Z
    let extractor = ArticleExtractor(clock: ManualClock(ArticleExtractorTests.now))

    static let page = """
        <html><head><title>江北新区召开科技金融发展大会_南京晨报_新浪财经</title>
        <meta name="keywords" content="金融"></head><body>
        <div class="nav"><a href="/">首页</a> <a href="/finance">财经</a> <a href="/tech">科技</a> <a href="/x">更多</a></div>
        <div class="main"><h1>江北新区召开科技金融发展大会</h1>
        <div class="info">2021年12月23日 13:43 来源：南京晨报 作者：张三 李四</div>
        <div class="article">
        <p>　　12月21日，科技金融发展大会在南京江北新区举行，本次大会的主题是“‘十四五’开启金融新征程，‘区块链’助力新区再腾飞”。</p>
        <p>　　会上，江北新区发布了科技金融支持政策，设立了总规模十亿元的产业引导基金，吸引社会资本共同参与新区建设。</p>
        <p><img data-src="/img/1.jpg" src="data:image/gif;base64,R0lGOD" alt="会场"></p>
        <p>　　与会嘉宾表示，区块链技术将在供应链金融、跨境支付等领域发挥重要作用，新区将持续优化营商环境。</p>
        <p>责任编辑：王五</p>
        </div></div>
        <div class="related"><h3>相关新闻</h3><ul><li><a href="/1">新闻一标题很长很长</a></li><li><a href="/2">新闻二标题很长很长</a></li>
        <li><a href="/3">新闻三标题很长很长</a></li><li><a href="/4">新闻四标题很长很长</a></li></ul></div>
        <div class="footer">版权所有 © 2021 南京晨报 备案号 苏ICP备00000000号</div>
        </body></html>
        """

    @Test func extractsTitleTimeBylineAndBody() throws {
        let article = try extractor.extract(html: Self.page, url: "https://finance.example.cn/a/2021-12-23/1.html")
        #expect(article.title == "江北新区召开科技金融发展大会")
        #expect(article.published?.rfc3339 == "2021-12-23T13:43:00+08:00")
        #expect(article.outlet == "南京晨报")
        #expect(article.author == "张三")
        #expect(article.contentText.contains("产业引导基金"))
        #expect(article.contentText.contains("营商环境"))
        #expect(!article.contentText.contains("相关新闻"))
        #expect(!article.contentText.contains("版权所有"))
        #expect(!article.contentText.contains("首页"))
        #expect(article.contentHTML.contains(#"<img src="https://finance.example.cn/img/1.jpg" alt="会场">"#))
    }

    @Test func publishTimeNeverLiesInTheFuture() throws {
        let future = Self.page.replacingOccurrences(of: "2021年12月23日 13:43", with: "2031年12月23日 13:43")
        let article = try extractor.extract(html: future, url: nil)
        #expect(article.published == nil || article.published!.date <= Self.now.addingTimeInterval(86_400))
    }

    @Test func metaPublishedTimeWinsAndKeepsItsOffset() throws {
        let page = Self.page.replacingOccurrences(
            of: "<meta name=\"keywords\" content=\"金融\">",
            with: "<meta property=\"article:published_time\" content=\"2021-12-22T09:30:00+00:00\">")
        let article = try extractor.extract(html: page, url: nil)
        #expect(article.published?.rfc3339 == "2021-12-22T09:30:00Z")
    }

    @Test func bareMonthDayTakesTheYearFromTheURL() throws {
        let page = Self.page.replacingOccurrences(of: "2021年12月23日 13:43", with: "12月23日 13:43")
        let article = try extractor.extract(html: page, url: "https://finance.example.cn/a/2021-12-23/1.html")
        #expect(article.published?.rfc3339 == "2021-12-23T13:43:00+08:00")
    }

    @Test func siteRulesOverrideTheGenericChoice() throws {
        let rules = SiteRules(title: "//div[@class='info']", body: "//div[@class='related']", remove: ["//li[1]"])
        let article = try extractor.extract(html: Self.page, url: nil, rules: rules)
        #expect(article.title?.hasPrefix("2021年12月23日") == true)
        #expect(article.contentText.contains("新闻二"))
        #expect(!article.contentText.contains("新闻一"))
        #expect(throws: ExtractError.invalidRule(expression: "//[", location: "-")) {
            try extractor.extract(html: Self.page, url: nil, rules: SiteRules(body: "//["))
        }
    }

    @Test func seedArticleBodySurvivesWithoutHotWordLinks() throws {
        let seed = try String(contentsOf: Fixtures.seeds.appendingPathComponent("002_e84d853843f5ae73.txt"), encoding: .utf8)
        let html = "<html><body>" + seed[seed.range(of: "<div>")!.lowerBound...] + "</body></html>"
        let article = try extractor.extract(html: html, url: "https://news.stcn.com/news/202104/t1.html")
        #expect(article.contentText.contains("交通银行"))
        #expect(!article.contentHTML.contains("stockcode"))
    }
}
