import Foundation
import Markup
import Testing

@Suite struct DocumentTests {
    @Test func parsesBrokenHTMLAndFindsNodesByXPath() throws {
        let document = try Document(html: "<html><body><p class=a>一<b>二</b><p>三</body>")
        let paragraphs = try document.xpath("//p")
        #expect(paragraphs.map(\.text) == ["一二", "三"])
        #expect(paragraphs.first?.attribute("class") == "a")
        #expect(paragraphs.first?.innerMarkup == "一<b>二</b>")
    }

    @Test func forcesUTF8OverAStaleMetaCharset() throws {
        let html = #"<html><head><meta charset="gb2312"></head><body><h1>江北新区</h1></body></html>"#
        let document = try Document(html: html)
        #expect(try document.xpath("//h1").first?.text == "江北新区")
    }

    @Test func recoversXMLWithABareAmpersand() throws {
        let xml = "<rss><channel><title>A & B</title></channel></rss>"
        let document = try Document(xml: Data(xml.utf8))
        #expect(try document.xpath("//title").first?.text.contains("A") == true)
    }

    @Test func writerEscapesAndDropsCharactersXMLForbids() throws {
        let writer = XMLWriter(indent: false)
        writer.element("t", "a<b & \u{1}c", ["k": "\"q\""])
        let text = String(decoding: writer.finish(), as: UTF8.self)
        #expect(text.contains("<t k=\"&quot;q&quot;\">a&lt;b &amp; c</t>"))
    }
}
