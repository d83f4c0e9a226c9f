import Foundation
import Markup

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

}
