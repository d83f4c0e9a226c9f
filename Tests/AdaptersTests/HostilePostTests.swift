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
}
