import Foundation
@testable import Adapters
import Model
import Testing

/// The post reader's hand-written scans stand in for Foundation's regular expressions and trimming
/// (which went through UTF-16 and ICU for every post): each must give what the expression gave, on
/// chosen edge cases and on random texts made of the pieces that matter.
@Suite struct PostReadingTests {
    static let htmlPattern = #"<(p|div|br|img|h[1-6]|ul|ol|table|blockquote|section|article|span|strong|a)[\s>/]"#

    static func isHTMLByExpression(_ text: String) -> Bool {
        String(text.prefix(4096)).range(of: htmlPattern, options: [.regularExpression, .caseInsensitive]) != nil
    }

    static func tagsByExpression(_ html: String) -> String {
        html.replacingOccurrences(of: #"<[^>]+>"#, with: "\n", options: .regularExpression)
    }

    /// Random texts over tag fragments, cases, white space of every kind and CJK text.
    static func randomTexts(count: Int, seed: UInt64) -> [String] {
        let pieces = ["<", ">", "/", "p", "P", "div", "DiV", "br", "img", "h1", "h7", "H6", "ul", "ol", "table", "blockquote",
                      "section", "article", "arti", "span", "ſpan", "strong", "a", "A", "\u{212A}", "pre", " ", "\t", "\n",
                      "\u{B}", "\u{85}", "\u{A0}", "\u{3000}", "\u{2028}", "\u{301}", "正文", "来源：", "x", "<>", "\r\n"]
        var generator = SplitMix(seed: seed)
        return (0..<count).map { _ in
            (0..<Int(generator.next() % 24)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
        }
    }

    @Test(arguments: ["<p>正文</p>", "<P class=x>", "<br/>", "<br>", "<pre>code</pre>", "<h6 >", "<h7>", "<a\u{3000}href>",
                      "<a\u{B}x", "<a\u{85}x", "<ſpan>", "<bloc\u{212A}quote>", "<p", "<p\u{301}>", "正文 <strong>重</strong>",
                      "no tags at all", "", "<article>", "<arti>", "< p>", "<<p>"])
    func isHTMLAsTheExpression(text: String) {
        #expect(PostBody.isHTML(text) == Self.isHTMLByExpression(text), "\(text.debugDescription)")
    }

    @Test func isHTMLLooksOnlyAtTheFirst4096Characters() {
        let late = String(repeating: "字", count: 4094) + "<p>"
        #expect(!PostBody.isHTML(late))
        #expect(Self.isHTMLByExpression(late) == false)
        #expect(PostBody.isHTML(String(repeating: "字", count: 4093) + "<p>"))
    }

    @Test func isHTMLOnRandomTexts() {
        for text in Self.randomTexts(count: 3000, seed: 7) {
            #expect(PostBody.isHTML(text) == Self.isHTMLByExpression(text), "\(text.debugDescription)")
        }
    }

    @Test(arguments: ["<p>a</p>", "<>", "<<>", "a<b", "a>b", "<p class=\"x\">（文章来源：南京晨报）</p>", "<a\nhref=x>t</a>",
                      "<", ">", "", "x<>y<z>w", "<p>😀</p>"])
    func tagsBecomeLineBreaksAsTheExpression(html: String) {
        #expect(OutletLine.tagsAsLineBreaks(html) == Self.tagsByExpression(html), "\(html.debugDescription)")
    }

    @Test func tagsBecomeLineBreaksOnRandomTexts() {
        for text in Self.randomTexts(count: 3000, seed: 11) {
            #expect(OutletLine.tagsAsLineBreaks(text) == Self.tagsByExpression(text), "\(text.debugDescription)")
        }
    }

    @Test func substringTrimmingAsFoundation() {
        let samples = ["", " ", "\n\t \r", " 标题 ", "\u{3000}全角空格\u{3000}", "\u{85}x\u{2028}", "\u{A0}x\u{A0}",
                       " \u{301}e", "\u{FEFF}bom", "x\u{200B}", "\t---\t", "\r---\r"] + Self.randomTexts(count: 500, seed: 3)
        for sample in samples {
            let text = "[" + sample + "]"
            let inner = text.dropFirst().dropLast()
            #expect(inner.trimmingWhitespace() == inner.trimmingCharacters(in: .whitespacesAndNewlines), "\(sample.debugDescription)")
            #expect(inner.trimmingSpaces() == inner.trimmingCharacters(in: .whitespaces), "\(sample.debugDescription)")
            #expect(inner.isBlank == inner.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        }
    }

    @Test(arguments: ["a\r\nb", "a\rb\nc", "\r", "\n\r", "x\r\n", "", "正文\r\n正文"])
    func carriageReturnLineFeedFoundAsFoundationFindsIt(text: String) {
        #expect(PostParser.hasCRLF(text) == text.contains("\r\n"))
    }
}

/// SplitMix64: a seeded generator, so a failing random text is the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
