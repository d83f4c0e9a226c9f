import Foundation
import Markup
import Sanitize

/// Bodies as APIs deliver them: HTML, or plain text with one paragraph a line.
enum BodyHTML {
    static func from(_ body: String) -> String {
        if body.range(of: #"<(p|div|br|span|img|a|h[1-6]|ul|ol|table|section|article)\b"#,
                      options: [.regularExpression, .caseInsensitive]) != nil {
            return body
        }
        return body.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .map { "<p>\(HTMLEscape.text($0))</p>" }
            .joined(separator: "\n")
    }

    /// The first sentence of a body, for records without a title (flash news, 快讯).
    static func headline(fromHTML html: String) -> String? {
        let text = HTMLText.plainText(fromHTML: html)
        guard let line = text.split(whereSeparator: \.isNewline).first else { return nil }
        let sentence = line.split(whereSeparator: { "。！？".contains($0) }).first.map(String.init) ?? String(line)
        return sentence.count > 60 ? String(sentence.prefix(60)) + "…" : sentence
    }
}
