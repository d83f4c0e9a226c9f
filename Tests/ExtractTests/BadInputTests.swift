import Extract
import Foundation
import Model
import Testing

/// Hostile and broken pages give a clear error or a result, never a crash or a hang (issue 4).
@Suite struct BadInputTests {
    let extractor = ArticleExtractor(clock: ManualClock(Date(timeIntervalSince1970: 1_716_000_000)))

    @Test func emptyDocumentIsAnError() {
        #expect(throws: ExtractError.emptyDocument(location: "-")) { try extractor.extract(html: "", url: nil) }
        #expect(throws: ExtractError.emptyDocument(location: "-")) { try extractor.extract(html: " \n\t", url: nil) }
        #expect(throws: ExtractError.emptyDocument(location: "u")) {
            try extractor.extract(html: "<html><head><title></title></head><body></body></html>", url: "u")
        }
    }

    @Test func pageWithoutBodyElementStillYieldsItsText() throws {
        let article = try extractor.extract(html: "<p>没有 body 元素的页面，也有一段完整的正文，说明了事情的经过。</p>", url: nil)
        #expect(article.contentText.contains("完整的正文"))
    }

    @Test func binaryGarbageIsNotText() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16_384).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let garbage = String(decoding: bytes, as: UTF8.self)
        #expect(throws: ExtractError.notText(location: "-")) { try extractor.extract(html: garbage, url: nil) }
    }

    @Test func deepNestingNeitherCrashesNorHangs() {
        let html = "<p>浅层的一段正文，写得足够长，可以被当作文章的开头。</p>"
            + String(repeating: "<div>", count: 10_000) + "深" + String(repeating: "</div>", count: 10_000)
        let article = try? extractor.extract(html: html, url: nil)
        #expect(article?.contentText.contains("浅层") ?? true)
    }

    @Test func twentyMegabytePageIsCutNotChoked() throws {
        let paragraph = "<p>　　这是一个很大的页面中的一段正文，内容重复出现，用来检验解析器和提取器在大输入下的表现。</p>\n"
        let repeats = 20 * 1024 * 1024 / paragraph.utf8.count + 1
        let html = "<html><body><div>" + String(repeating: paragraph, count: repeats) + "</div></body></html>"
        #expect(html.utf8.count >= 20 * 1024 * 1024)
        let article = try extractor.extract(html: html, url: nil)
        #expect(article.contentText.contains("很大的页面"))
        #expect(article.contentText.utf8.count <= ArticleExtractor.maximumInput)
    }
}
