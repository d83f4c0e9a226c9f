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

    /// A page over the input limit is cut before parsing, at a character boundary. The limit is
    /// injected small so the test runs in milliseconds: a 20 MB page takes the same path past 4 MB.
    @Test func anOversizedPageIsCutBeforeParsing() throws {
        let limit = 64 * 1024
        let small = ArticleExtractor(clock: ManualClock(Date(timeIntervalSince1970: 1_716_000_000)), maximumInput: limit)
        let paragraph = "<p>　　这是一个很大的页面中的一段正文，内容重复出现，用来检验解析器和提取器在大输入下的表现。</p>\n"
        let html = "<html><body><div>" + String(repeating: paragraph, count: 20 * limit / paragraph.utf8.count + 1)
            + "<p>末尾的标记段落，只在没有截断时出现。</p></div></body></html>"
        #expect(html.utf8.count >= 20 * limit)
        let article = try small.extract(html: html, url: nil)
        #expect(article.contentText.contains("很大的页面"))
        #expect(!article.contentText.contains("末尾的标记段落"))
        #expect(article.contentText.utf8.count <= limit)
        #expect(!article.contentText.contains("\u{FFFD}"))
        #expect(ArticleExtractor().maximumInput == ArticleExtractor.defaultMaximumInput)
    }
}
