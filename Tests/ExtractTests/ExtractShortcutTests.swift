import Decode
@testable import Extract
import Foundation
import Markup
import Model
import Testing

/// The extractor's shortcuts for speed give what the plain way gives: blanks collapsed and characters
/// counted on UTF-8 bytes as `Character` does it, and the head's scripts parsed empty with the same
/// tree and the same article.
@Suite struct ExtractShortcutTests {
    /// Blanks next to marks that join a cluster (a combining accent after a space, a prepended
    /// mark before one, a zero-width joiner), CR LF, ideographic and no-break spaces, scripts the
    /// fast path knows and ones it does not.
    static let samples = [
        "", " ", "  \n\t ", "中文 段落\u{3000}第二句。", "a b\r\nc", "\r\n\r\n", "x\u{A0}y\u{2003}z\u{205F}w",
        "e \u{301}f", " \u{301}", "\u{600} x", "a \u{200D}b", "한국어 문장 입니다", "العربية نص", "नमस्ते दुनिया",
        "👨‍👩‍👧 family 🇨🇳 flag", "カタカナ ｶﾀｶﾅﾞ ok", "tab\there\u{85}next\u{2028}line", "末尾 ", " 开头",
    ]

    static func characterWay(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test(arguments: samples) func blanksCollapseAsCharactersDo(_ sample: String) {
        var bytes: [UInt8] = []
        LineText.appendCollapsed(Array(sample.utf8), to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == Self.characterWay(sample))
        // A second line goes after a newline, and an empty one adds nothing.
        var two: [UInt8] = []
        LineText.appendCollapsed(Array("前".utf8), to: &two)
        LineText.appendCollapsed(Array(sample.utf8), to: &two)
        let expected = Self.characterWay(sample).isEmpty ? "前" : "前\n" + Self.characterWay(sample)
        #expect(String(decoding: two, as: UTF8.self) == expected)
    }

    @Test(arguments: samples) func charactersCountAsStringDoes(_ sample: String) {
        #expect(LineText.characterCount(sample) == sample.count)
    }

    @Test func theFastPathIsTakenForChineseAndLeftForJoiningMarks() {
        #expect(Array("中文 段落\u{3000}。".utf8).withUnsafeBufferPointer(LineText.blanksStandAlone))
        #expect(!Array("e \u{301}f".utf8).withUnsafeBufferPointer(LineText.blanksStandAlone))
        #expect(!Array("\u{600} x".utf8).withUnsafeBufferPointer(LineText.blanksStandAlone))
    }

    @Test func inlineStylesThatHideAreRecognised() {
        #expect(ElementAttributes.hidesElement("color: red; DISPLAY : None"))
        #expect(ElementAttributes.hidesElement("visibility:hidden !important"))
        #expect(!ElementAttributes.hidesElement("display:none-ish"))
        #expect(!ElementAttributes.hidesElement("display:block;visibility:visible"))
        #expect(!ElementAttributes.hidesElement(String(repeating: "x", count: 40) + "display:none"))
    }

    // MARK: head scripts

    static let body = "<body><h1>标题</h1><div class=\"content\"><p>正文第一段，说明了事情的经过和原因。</p>"
        + "<p>正文第二段，给出了更多的细节和各方的看法。</p></div></body></html>"

    /// Heads as pages write them, the awkward ones included.
    static let heads = [
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>标题</title>"
            + "<script>var a = \"<div>\"; if (a < b) {}</script><style>p { color: red }</style></head>",
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x.dtd\">"
            + "<HTML><HEAD><SCRIPT type=\"text/javascript\">document.write('</div>');</SCRIPT>"
            + "<Style media=screen>a>b{}</STYLE></HEAD>",
        "<html><head><!-- <script>not a script</script> --><script src=\"a.js\"/><script>x()</script></head>",
        "<html><head><script type=\"application/ld+json\">{\"datePublished\":\"2021-12-23T13:43:00+08:00\"}</script>"
            + "<script>y()</script></head>",
        "<html><head><meta content=\"a > b <script>\" name=x><script>z = '</scr' + 'ipt>'</script></head>",
        "<html><head><title>标题 <b>粗</b></title><script>kept()</script></head>",
        "<html><head><script>unterminated()",
        "<html><head><scripts>odd</scripts><script>after()</script></head>",
        "  \n<html><head><script type=\"text/j&#115;on\">{}</script><script>w()</script></head><script>between()</script>",
        "<html><head><noscript><p>x</p></noscript><script>after()</script></head>",
    ]

    struct Shape: Equatable {
        var kinds: [FlatTree.Kind]
        var names: [String]
        var parents: [Int32]
        var texts: [String]
    }

    /// The tree with every text inside a script or style left out.
    static func shape(_ document: Document) -> Shape {
        let tree = FlatTree(document: document)
        var kept: [Int] = []
        for index in 0..<tree.count {
            let parent = Int(tree.parents[index])
            if tree.kinds[index] == .text && parent >= 0 && ["script", "style"].contains(tree.names[parent]) { continue }
            kept.append(index)
        }
        let position = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($1, Int32($0)) })
        return Shape(kinds: kept.map { tree.kinds[$0] }, names: kept.map { tree.names[$0] },
                     parents: kept.map { tree.parents[$0] < 0 ? -1 : position[Int(tree.parents[$0])] ?? -2 },
                     texts: kept.map { tree.texts[$0] })
    }

    @Test(arguments: heads) func blankedHeadsParseToTheSameTree(_ head: String) throws {
        let page = head + Self.body
        let whole = try Document(htmlText: page)
        guard let blanked = HeadScripts.blanked(page) else {
            // Nothing removed: only heads the scan must not touch get here.
            #expect(head.contains("<!-- <script>") || head.contains("<b>") || head.contains("unterminated")
                || head.contains("<scripts>") || head.contains("<noscript>"), "\(head)")
            return
        }
        let light = try Document(html: blanked.bytes)
        #expect(Self.shape(light) == Self.shape(whole))
        // JSON-LD and anything that may spell it through a reference stays.
        let text = String(decoding: blanked.bytes, as: UTF8.self)
        if head.contains("ld+json") { #expect(text.contains("datePublished")) }
        if head.contains("&#115;") { #expect(text.contains("{}")) }
        #expect(!text.contains("x()") && !text.contains("y()") && !text.contains("w()"))
        // Every marker is found as the whole content of its element, in order.
        let emptied = try #require(blanked.emptied.verify(in: FlatTree(document: light)))
        #expect(emptied.count == blanked.emptied.styles.count && !emptied.isEmpty)
    }

    @Test func aMarkerOutsideItsElementFailsTheCheck() throws {
        // As if the scan had taken a comment's text for a script: libxml2 puts the marker in the comment.
        let page = "<html><head><!-- <script>" + HeadScripts.marker(0) + "</script> --><title>t</title></head>" + Self.body
        let tree = FlatTree(document: try Document(htmlText: page))
        #expect(HeadScripts.Emptied(styles: [false]).verify(in: tree) == nil)
        let right = "<html><head><script>" + HeadScripts.marker(0) + "</script></head>" + Self.body
        #expect(HeadScripts.Emptied(styles: [false]).verify(in: FlatTree(document: try Document(htmlText: right))) != nil)
        #expect(HeadScripts.Emptied(styles: [true]).verify(in: FlatTree(document: try Document(htmlText: right))) == nil)
    }

    /// The scan reads the heads of the dev pages as libxml2 does: every marker lands where it should.
    @Test func theScanAgreesWithLibxml2OnTheDevPages() throws {
        var emptiedPages = 0
        for page in try SharedPagesTests.pages() {
            let text = try TextDecoder.decode(page.data, contentType: nil, location: page.name).text
            guard let blanked = HeadScripts.blanked(text) else { continue }
            emptiedPages += 1
            let tree = FlatTree(document: try Document(html: blanked.bytes))
            #expect(blanked.emptied.verify(in: tree) != nil, "\(page.name)")
        }
        #expect(emptiedPages >= 20)
    }

    @Test func aPageWithANulByteIsLeftAlone() {
        #expect(HeadScripts.blanked("<html><head><script>a\u{0}b</script></head>" + Self.body) == nil)
    }

    /// Site rules read the page as it is (an XPath may select a script); without rules the article is
    /// the same, on every dev page and on pages whose body takes in the head.
    @Test func articlesAreTheSameWithTheHeadParsedEmpty() throws {
        let extractor = ArticleExtractor(clock: ManualClock(Date(timeIntervalSince1970: 1_716_000_000)))
        let withHeadBody = "<html><head><script>var x = 1;</script><title>t</title></head>"
            + "<p>一段没有外层容器的正文，直接写在文档里面，句子足够长。</p><p>第二段也是这样，写得足够长以便成为正文。</p></html>"
        var pages = try SharedPagesTests.pages().map { page in
            (page.name, page.url, try TextDecoder.decode(page.data, contentType: nil, location: page.name).text)
        }
        pages.append(("head in body", nil, withHeadBody))
        pages += Self.heads.map { ($0, nil, $0 + Self.body) }
        var blankedPages = 0
        for (name, url, text) in pages {
            if HeadScripts.blanked(text) != nil { blankedPages += 1 }
            let fast = Result<ExtractedArticle, ExtractError>(catching: { () throws(ExtractError) in
                try extractor.extract(html: text, url: url)
            })
            let plain = Result<ExtractedArticle, ExtractError>(catching: { () throws(ExtractError) in
                try extractor.extract(html: text, url: url, rules: SiteRules())
            })
            #expect(fast == plain, "\(name)")
        }
        #expect(blankedPages >= 20)
    }
}
