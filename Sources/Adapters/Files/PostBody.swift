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
        // Only the last lines can be trailer; walk back line by line instead of splitting the whole body.
        var end = text.endIndex
        var link: String?
        while end > text.startIndex {
            let lineStart = text[..<end].lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
            let line = text[lineStart..<end].trimmingCharacters(in: .whitespaces)
            if line.isEmpty || Self.isNavigation(line) {
                // trailer or blank: drop it
            } else if let autolink = Self.autolink(line) {
                link = link ?? autolink
            } else {
                break
            }
            end = lineStart > text.startIndex ? text.index(before: lineStart) : text.startIndex
        }
        let body = text[..<end].trimmingCharacters(in: .whitespacesAndNewlines)
        sourceLink = link
        html = Self.isHTML(body) ? body : MarkdownParser().html(from: Self.unclosedParagraphTagsEscaped(Self.boundedBrackets(body)))
        outlet = OutletLine.find(inHTML: html)
    }

    /// Ink's link and image parsing takes time exponential in the `[` left open on a line: 30 of them
    /// held a refresh for hours (found by the posts fuzz harness). A link holds at most an image
    /// (`[![alt](src)](href)`), so a `[` opened two deep is escaped and reads as the character it is.
    static func boundedBrackets(_ markdown: String) -> String {
        guard markdown.utf8.contains(UInt8(ascii: "[")) else { return markdown }
        var out = ""
        out.reserveCapacity(markdown.utf8.count + 16)
        var depth = 0
        var escaped = false
        for character in markdown {
            switch character {
            case "\n": depth = 0
            case "[" where !escaped:
                if depth >= 2 { out.append("\\") } else { depth += 1 }
            case "]" where !escaped: depth = max(0, depth - 1)
            default: break
            }
            escaped = character == "\\" && !escaped
            out.append(character)
        }
        return out
    }

    /// Ink ends a paragraph in front of `<p` (or `<P`) and leaves it to its HTML reader, which needs a
    /// `>` somewhere after it; with none, neither reader moves on and Ink loops forever, growing memory
    /// (found by the posts fuzz harness: one post hung a refresh). Such a `<` is written `&lt;`, the
    /// character it stands for. Characters, not bytes, as Ink reads them.
    static func unclosedParagraphTagsEscaped(_ markdown: String) -> String {
        let tail = markdown.lastIndex(of: ">").map { markdown.index(after: $0) } ?? markdown.startIndex
        guard markdown[tail...].contains("<") else { return markdown }
        var out = String(markdown[..<tail])
        let rest = markdown[tail...]
        var index = rest.startIndex
        while index < rest.endIndex {
            let next = rest.index(after: index)
            if rest[index] == "<", next < rest.endIndex, rest[next].lowercased() == "p" {
                out += "&lt;"
            } else {
                out.append(rest[index])
            }
            index = next
        }
        return out
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
        guard line.hasPrefix("[") else { return false }
        return line.wholeMatch(of: navigationPattern) != nil
    }

    // Swift compiles a regex literal each time the expression runs; these are built once. A Regex is
    // immutable after construction, so sharing it across tasks is safe.
    nonisolated(unsafe) static let navigationPattern = #/^(\s*\[(返回|返回首页|back)[^\]]*\]\([^)]*\)\s*[｜|·/]?\s*)+$/#

    static func isHTML(_ text: String) -> Bool {
        String(text.prefix(4096)).range(of: #"<(p|div|br|img|h[1-6]|ul|ol|table|blockquote|section|article|span|strong|a)[\s>/]"#,
                   options: [.regularExpression, .caseInsensitive]) != nil
    }
}

/// The outlet line Chinese news pages end with: `（文章来源：南京晨报）`, `来源：数据观综合`.
enum OutletLine {
    nonisolated(unsafe) static let outletPattern =
        #/^[（(]?\s*(?:文章|本文|稿件)?(?:来源|來源|出处|出處)\s*[：:]\s*(?<name>[^）)]{1,30}?)\s*[）)]?$/#

    /// The outlet line closes an article, so only the tail of the page is searched.
    static func find(inHTML html: String) -> String? {
        find(inText: String(html.suffix(2000)).replacingOccurrences(of: #"<[^>]+>"#, with: "\n", options: .regularExpression))
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
        guard line.count <= 48, line.contains("源") || line.contains("出处") || line.contains("出處") else { return nil }
        guard let match = line.wholeMatch(of: outletPattern) else { return nil }
        let name = match.output.name.trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : name
    }
}
