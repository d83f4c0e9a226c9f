import Foundation
import FuzzHarnesses
import Markup
import Sanitize
import Testing
import TestSupport

@Suite struct SanitizerTests {
    let sanitizer = Sanitizer(baseURL: "https://news.example.cn/a/2021/page.html")

    @Test func keepsAllowedStructureAndDropsTheRest() {
        let html = #"<div class="c"><h1>标题</h1><p style="color:red" onclick="x()">第一段，<span>正文</span>。</p>"#
            + #"<script>alert(1)</script><ul><li>一</li><li>二</li></ul></div>"#
        #expect(sanitizer.sanitize(html: html)
            == "<h2>标题</h2><p>第一段，正文。</p><ul><li>一</li><li>二</li></ul>")
    }

    @Test func makesRelativeURLsAbsoluteAndImagesReal() {
        let html = #"<p><a href="../b.html?id=3&amp;utm_source=wx&amp;spm=a.b">链接</a></p>"#
            + #"<p><img src="data:image/gif;base64,R0lGOD" data-src="/img/1.jpg" alt="图" width="640" height="auto"></p>"#
            + #"<p><img data-original="//cdn.example.cn/2.png"></p>"#
        #expect(sanitizer.sanitize(html: html) == #"<p><a href="https://news.example.cn/a/b.html?id=3">链接</a></p>"#
            + #"<p><img src="https://news.example.cn/img/1.jpg" alt="图" width="640"></p>"#
            + #"<p><img src="https://cdn.example.cn/2.png"></p>"#)
    }

    @Test func unwrapsStockHotWordLinksOfSeed002() throws {
        let seed = try String(contentsOf: Fixtures.seeds.appendingPathComponent("002_e84d853843f5ae73.txt"),
                              encoding: .utf8)
        let body = String(seed[seed.range(of: "<div>")!.lowerBound...])
        let output = sanitizer.sanitize(html: body)
        #expect(seed.contains("trsHotWords"))
        #expect(!output.contains("stockcode"))
        #expect(output.contains("交通银行"))
        #expect(output.contains("<img src=\"https://news.stcn.com/news/202104/"))
        #expect(SafetyCheck.problems(in: output) == [])
    }

    @Test func dropsEmptyParagraphsAndNavigationLeftovers() {
        let html = "<p>&nbsp;</p><p><br></p><p>　　</p><p>正文。</p><p><a href=\"/\">返回首页</a></p>"
            + "<p>[返回南京晨报新闻](//x.com/c.html)｜[返回首页](//x.com/)</p><div>【打印】 【关闭】</div>"
        #expect(sanitizer.sanitize(html: html) == "<p>正文。</p>")
    }

    @Test func splitsInlineRunsAndKeepsBreaks() {
        let html = "<div>第一行<br>第二行<div>第二块</div>尾巴</div>"
        #expect(sanitizer.sanitize(html: html) == "<p>第一行<br>第二行</p><p>第二块</p><p>尾巴</p>")
    }

    @Test func keepsTablesAndFigures() {
        let html = "<table><tr><th>指标</th><td>1.5%</td></tr></table>"
            + "<figure><img src=\"a.png\" alt=\"图\"><figcaption>说明</figcaption></figure>"
        #expect(sanitizer.sanitize(html: html) == "<table><tr><th>指标</th><td>1.5%</td></tr></table>"
            + "<figure><img src=\"https://news.example.cn/a/2021/a.png\" alt=\"图\"><figcaption>说明</figcaption></figure>")
    }

    @Test func plainTextHasOneLinePerBlock() {
        #expect(HTMLText.plainText(fromHTML: "<h2>题</h2><p>一  二</p><ul><li>三</li></ul><script>x</script>")
            == "题\n一 二\n三")
    }

    /// The sanitizer does not re-parse its output; this is what holds it to being a fixed point.
    @Test func sanitizingTwiceChangesNothingOnRealPages() throws {
        for set in ["magichtml_zh", "cwced", "trafilatura_zh"] {
            let folder = Fixtures.url("extraction/\(set)/pages")
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
                let html = String(decoding: try Data(contentsOf: folder.appendingPathComponent(file)), as: UTF8.self)
                let once = sanitizer.sanitize(html: html)
                // ASP.NET pages wrap the whole page in a <form>, which goes with its content: empty is right there.
                #expect(!once.isEmpty || html.contains("<form"), "\(file)")
                #expect(SafetyCheck.problems(in: once) == [], "\(file)")
                #expect(sanitizer.sanitize(html: once) == once, "\(file)")
            }
        }
    }
}
