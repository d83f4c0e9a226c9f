import Foundation
@testable import Adapters
import Model
import TestSupport
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
        var generator = SplitMix64(seed: seed)
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

    /// The outlet search as it was written first: Character lines, Foundation's trimming.
    static func outletByLines(_ text: String) -> String? {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for line in lines.suffix(6).reversed() {
            if let outlet = OutletLine.outlet(in: line) { return outlet }
        }
        return nil
    }

    @Test(arguments: ["（文章来源：南京晨报）", "正文\n来源：新华社\n\n", "来源：甲\r\n来源：乙", "来源：甲\n1\n2\n3\n4\n5\n6",
                      "来源：甲\n1\n2\n3\n4\n5", "\n\n", "", "来源：甲\n \u{3000} \n", "来源：甲\r", "\r\n来源：乙\r\n"])
    func outletFoundAsByLines(text: String) {
        #expect(OutletLine.find(inText: text) == Self.outletByLines(text), "\(text.debugDescription)")
    }

    @Test func outletFoundAsByLinesOnRandomTexts() {
        let lines = ["来源：新华社", "（文章来源：证券时报网）", "出处：某报", "正文。", " ", "\u{3000}", "", "来源：", "x\r"]
        var generator = SplitMix64(seed: 5)
        for _ in 0..<2000 {
            let text = (0..<Int(generator.next() % 12)).map { _ in lines[Int(generator.next() % UInt64(lines.count))] }
                .joined(separator: generator.next() % 4 == 0 ? "\r\n" : "\n")
            #expect(OutletLine.find(inText: text) == Self.outletByLines(text), "\(text.debugDescription)")
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

/// The listing keeps relative paths, not URLs; their extensions must read as `URL.pathExtension` does.
@Suite struct FolderListingTests {
    @Test(arguments: ["a.md", "a.MD", "2021/12/post.html", "dir.d/file", "notes.", ".profile", "x/.hidden", "a.tar.gz", "无扩展名",
                      "文章.htm", "a..md", "x/y.", "plain"])
    func extensionAsURLReadsIt(path: String) {
        #expect(FolderListing.pathExtension(of: path) == URL(fileURLWithPath: "/root/" + path).pathExtension, "\(path)")
    }
}

/// Front matter is composed without Yams's implicit types: values that look like numbers, booleans or
/// null are still read as the text they are, and a repeated key is still an error with its line.
@Suite struct FrontMatterTextTests {
    let parser = PostParser(location: "post.md", timeZone: TimeZone(identifier: "Asia/Shanghai")!)

    @Test func typedLookingValuesReadAsText() throws {
        let post = "---\ntitle: 2024\nauthor: null\ncategories: [1, true, 0x1F]\ntags: yes no\ndate: 2021-12-23 13:43:05 +0800\n---\n<p>正文</p>\n"
        let draft = try parser.parse(post, fileExtension: "md")
        #expect(draft.title == "2024")
        #expect(draft.author == "null")
        #expect(draft.categories.map(\.name) == ["1", "true", "0x1F"])
        #expect(draft.tags == ["yes", "no"])
        #expect(draft.published?.rfc3339 == "2021-12-23T13:43:05+08:00")
    }

    @Test func aRepeatedKeyIsAnErrorWithItsLine() {
        #expect(throws: SourceError.self) { try parser.parse("---\ntitle: a\ntitle: b\n---\nbody\n", fileExtension: "md") }
    }
}
