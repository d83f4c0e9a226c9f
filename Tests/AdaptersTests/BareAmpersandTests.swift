import Foundation
@testable import Adapters
import Model
import Testing

/// Feeds written by string concatenation carry bare `&`; the escaper must escape exactly those and
/// leave every character, entity and numeric reference alone.
@Suite struct BareAmpersandTests {
    @Test(arguments: [
        ("沪深300 & 创业板", "沪深300 &amp; 创业板"),
        ("&lt;p&gt;收涨&#37;&#x25;&amp;&nbsp;", "&lt;p&gt;收涨&#37;&#x25;&amp;&nbsp;"),
        ("&", "&amp;"), ("&&", "&amp;&amp;"), ("a&b;c", "a&b;c"), ("&#;", "&amp;#;"), ("&#x;", "&amp;#x;"),
        ("&中文;", "&中文;"), ("R&D 研发&", "R&amp;D 研发&amp;"), ("no ampersand", "no ampersand"), ("", ""),
        ("&" + String(repeating: "a", count: 40) + ";", "&amp;" + String(repeating: "a", count: 40) + ";"),
        ("?a=1&b=2", "?a=1&amp;b=2"), ("😀&😀", "😀&amp;😀"),
    ])
    func escapesOnlyBareAmpersands(input: String, expected: String) {
        #expect(BareAmpersand.escape(input) == expected)
    }
}

/// `trimmingWhitespace()` stands in for Foundation's trimming on hot paths: the same result.
@Suite struct WhitespaceTrimmingTests {
    @Test(arguments: ["", " ", "\n\t \r", " 标题 ", "标题", "\u{3000}全角空格\u{3000}", "\u{85}x\u{2028}", "a b", "\u{A0}x\u{A0}",
                      " \u{301}e", "\u{FEFF}bom", "x\u{200B}"])
    func trimsAsFoundationDoes(text: String) {
        #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(text.isBlank == text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }
}
