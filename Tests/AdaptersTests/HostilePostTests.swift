@testable import Adapters
import Foundation
import Testing

/// Post bodies from strangers: Markdown that used to hold a refresh for hours.
@Suite struct HostilePostTests {
    @Test func bracketsOpenedTwoDeepAreEscaped() {
        #expect(PostBody.boundedBrackets("[[[[x") == #"[[\[\[x"#)
        #expect(PostBody.boundedBrackets("[a[b]c]\n[[[d") == "[a[b]c]\n[[\\[d")
        #expect(PostBody.boundedBrackets(#"\[\[\[\[ok"#) == #"\[\[\[\[ok"#)
    }

    @Test func linksAndLinkedImagesStayLinks() {
        let markdown = "[![图](https://example.com/a.png)](https://example.com/a) 与 [正文](https://example.com/b)"
        #expect(PostBody.boundedBrackets(markdown) == markdown)
        let html = PostBody(markdown).html
        #expect(html.contains(#"<a href="https://example.com/a"><img src="https://example.com/a.png""#), "\(html)")
        #expect(html.contains(#"<a href="https://example.com/b">正文</a>"#), "\(html)")
    }

    @Test func thirtyOpenBracketsReadAsText() {
        let html = PostBody(String(repeating: "[", count: 30) + "正文。").html
        #expect(html.contains(String(repeating: "[", count: 30) + "正文。"), "\(html)")
    }

    @Test func paragraphTagsWithoutClosingBracketAreEscaped() {
        #expect(PostBody.unclosedParagraphTagsEscaped("a <p b\n\n<P") == "a &lt;p b\n\n&lt;P")
        #expect(PostBody.unclosedParagraphTagsEscaped("<p 1 <pre>x") == "<p 1 <pre>x")
        #expect(PostBody.unclosedParagraphTagsEscaped("<b>x</b> <q <p") == "<b>x</b> <q &lt;p")
    }

    /// Ink looped forever on these (a `<p` with no `>` after it), allocating as it went.
    @Test func unclosedParagraphTagReadsAsText() {
        for body in ["正文\n\n<p", "<p\u{0}t 重庆区块链", "第一段 <P未闭合", "> 引用 <p"] {
            let html = PostBody(body).html
            #expect(html.contains("&lt;p") || html.contains("&lt;P"), "\(body.debugDescription) → \(html)")
        }
    }
}
