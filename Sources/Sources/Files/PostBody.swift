import Foundation
import Ink

/// The body under the front matter, with the seed script's trailer taken apart: the API's share link
/// on a line of its own (`<http://…?infoCode=…>`) and the `[返回…](…)` navigation links are metadata
/// and chrome, not article text.
struct PostBody {
    var html: String
    var sourceLink: String?
    var outlet: String?

    init(_ text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var link: String?
        while let last = lines.last {
            let line = last.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || Self.isNavigation(line) {
                lines.removeLast()
            } else if let autolink = Self.autolink(line) {
                link = link ?? autolink
                lines.removeLast()
            } else {
                break
            }
        }
        let body = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        sourceLink = link
        html = Self.isHTML(body) ? body : MarkdownParser().html(from: body)
        outlet = OutletLine.find(inHTML: html)
    }

    /// `<http://…>`: a Markdown autolink standing alone.
    static func autolink(_ line: String) -> String? {
        guard line.hasPrefix("<"), line.hasSuffix(">") else { return nil }
        let inner = String(line.dropFirst().dropLast())
        guard inner.hasPrefix("http://") || inner.hasPrefix("https://"), !inner.contains(" ") else { return nil }
        return inner
    }

    /// A line made only of Markdown links whose text starts with 返回 ("back to"), joined by separators.
    static func isNavigation(_ line: String) -> Bool {
        let pattern = #/^(\s*\[(返回|返回首页|back)[^\]]*\]\([^)]*\)\s*[｜|·/]?\s*)+$/#
        return line.wholeMatch(of: pattern) != nil
    }

    static func isHTML(_ text: String) -> Bool {
        text.range(of: #"<(p|div|br|img|h[1-6]|ul|ol|table|blockquote|section|article|span|strong|a)[\s>/]"#,
                   options: [.regularExpression, .caseInsensitive]) != nil
    }
}

/// The outlet line Chinese news pages end with: `（文章来源：南京晨报）`, `来源：数据观综合`.
enum OutletLine {
    static func find(inHTML html: String) -> String? {
        find(inText: html.replacingOccurrences(of: #"<[^>]+>"#, with: "\n", options: .regularExpression))
    }

    static func find(inText text: String) -> String? {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for line in lines.suffix(6).reversed() {
            if let outlet = outlet(in: line) { return outlet }
        }
        return nil
    }

    /// The outlet named by one line, or nil when the line is not an outlet line.
    static func outlet(in line: String) -> String? {
        let pattern = #/^[（(]?\s*(?:文章|本文|稿件)?(?:来源|來源|出处|出處)\s*[：:]\s*(?<name>[^）)]{1,30}?)\s*[）)]?$/#
        guard let match = line.wholeMatch(of: pattern) else { return nil }
        let name = match.output.name.trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : name
    }
}
