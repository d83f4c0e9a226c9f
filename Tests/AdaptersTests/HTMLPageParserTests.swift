import Foundation
import Model
@testable import Adapters
import Testing

/// A saved `.html` page in a `files` folder goes through the article extractor (issue 4).
@Suite struct HTMLPageParserTests {
    static let page = """
        <!DOCTYPE html><html><head><title>央行开展逆回购操作_新浪财经</title>
        <link rel="canonical" href="https://finance.example.cn/a/2025-06-03/1.html"></head><body>
        <div class="nav"><a href="/">首页</a> <a href="/finance">财经</a> <a href="/tech">科技</a></div>
        <h1>央行开展逆回购操作</h1><div class="info">2025年06月03日 09:15 来源：证券时报网</div>
        <div class="article"><p>　　央行今日开展了七天期逆回购操作，银行间市场流动性保持合理充裕，市场利率平稳运行。</p>
        <p>　　分析人士认为，央行将继续精准有效实施稳健的货币政策，<a href="/b/2.html?utm_source=x">详见</a>。</p></div>
        <div class="footer">版权所有 © 新浪财经</div></body></html>
        """

    @Test func aSavedPageIsReadByTheExtractor() throws {
        let parser = PostParser(location: "pages/1.html", timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        let draft = try parser.parse(Self.page, fileExtension: "html")
        #expect(draft.title == "央行开展逆回购操作")
        #expect(draft.published?.rfc3339 == "2025-06-03T09:15:00+08:00")
        #expect(draft.outlet == "证券时报网")
        #expect(draft.link == "https://finance.example.cn/a/2025-06-03/1.html")
        #expect(draft.prepared.text.contains("流动性保持合理充裕"))
        #expect(!draft.prepared.text.contains("版权所有") && !draft.prepared.text.contains("首页"))
        #expect(draft.prepared.html.contains(#"<a href="https://finance.example.cn/b/2.html">详见</a>"#))
    }

    @Test func aPageWithoutTextIsAnErrorNamingTheFile() {
        let parser = PostParser(location: "pages/2.html", timeZone: .gmt)
        #expect(throws: SourceError.empty(location: "pages/2.html")) {
            try parser.parse("<html><head><title></title></head><body></body></html>", fileExtension: "html")
        }
    }
}
