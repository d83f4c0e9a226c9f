import Foundation
import Ink
import Model

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
            let line = text[lineStart..<end].trimmingSpaces()
            if line.isEmpty || Self.isNavigation(line) {
                // trailer or blank: drop it
            } else if let autolink = Self.autolink(line) {
                link = link ?? autolink
            } else {
                break
            }
            end = lineStart > text.startIndex ? text.index(before: lineStart) : text.startIndex
        }
        let body = text[..<end].trimmingWhitespace()
        sourceLink = link
        html = Self.isHTML(body) ? body : MarkdownParser().html(from: Self.unclosedParagraphTagsEscaped(Self.boundedBrackets(body)))
        outlet = OutletLine.find(inHTML: html)
    }

    /// Ink's link and image parsing takes time exponential in the `[` left open in a paragraph: 30 of
    /// them held a refresh for hours (found by the posts fuzz harness). A link holds at most an image
    /// (`[![alt](src)](href)`), so a `[` opened two deep is escaped and reads as the character it is.
    /// A link's text runs on across a line break, as Ink's paragraphs do, unless the next line is blank
    /// or opens a block (Ink's rule): only there do open brackets stop counting (14 `[` on separate
    /// lines of one paragraph took seconds, also found by the fuzzer).
    static func boundedBrackets(_ markdown: String) -> String {
        guard markdown.utf8.contains(UInt8(ascii: "[")) else { return markdown }
        var out = ""
        out.reserveCapacity(markdown.utf8.count + 16)
        var depth = 0
        var escaped = false
        var characters = markdown.makeIterator()
        var lookahead = characters.next()
        while let character = lookahead {
            lookahead = characters.next()
            switch character {
            case "\n", "\r\n":
                if lookahead.map({ ["\n", "\r\n", "#", "<", "`", "-"].contains($0) }) ?? true { depth = 0 }
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

    /// Whether the text is HTML rather than Markdown: one of the block or inline tags below opens in
    /// its first 4096 characters (`<p>`, `<div class…`, `<br/>`). The regular expression
    /// `<(p|div|…|a)[\s>/]`, case-insensitive, read scalar by scalar: through Foundation it went to
    /// ICU by way of UTF-16 for every post.
    static func isHTML(_ text: String) -> Bool {
        let end = text.index(text.startIndex, offsetBy: 4096, limitedBy: text.endIndex) ?? text.endIndex
        let scalars = text[..<end].unicodeScalars
        var index = scalars.startIndex
        while let open = scalars[index...].firstIndex(of: "<") {
            let name = scalars.index(after: open)
            for tag in htmlTags where opensTag(tag, in: scalars, at: name) { return true }
            index = name
        }
        return false
    }

    static let htmlTags: [[Unicode.Scalar]] = [
        "p", "div", "br", "img", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "section",
        "article", "span", "strong", "a",
    ].map { Array($0.unicodeScalars) }

    /// `tag` (lowercase ASCII) at `start`, in either case, followed by white space, `>` or `/`.
    private static func opensTag(_ tag: [Unicode.Scalar], in scalars: Substring.UnicodeScalarView,
                                 at start: Substring.UnicodeScalarView.Index) -> Bool {
        var index = start
        for letter in tag {
            guard index < scalars.endIndex, foldsTo(scalars[index], letter) else { return false }
            index = scalars.index(after: index)
        }
        guard index < scalars.endIndex else { return false }
        let next = scalars[index]
        return next == ">" || next == "/" || next.properties.isWhitespace
    }

    /// Case-insensitive as the regular expression was: Unicode simple case folding, under which only
    /// ſ (U+017F) and the Kelvin sign (U+212A) fold to an ASCII letter besides the letter's two cases.
    private static func foldsTo(_ scalar: Unicode.Scalar, _ letter: Unicode.Scalar) -> Bool {
        if scalar == letter { return true }
        if scalar.isASCII { return letter.value >= 0x61 && letter.value <= 0x7A && scalar.value == letter.value - 0x20 }
        return (scalar == "\u{17F}" && letter == "s") || (scalar == "\u{212A}" && letter == "k")
    }
}

/// The outlet line Chinese news pages end with: `（文章来源：南京晨报）`, `来源：数据观综合`.
enum OutletLine {
    nonisolated(unsafe) static let outletPattern =
        #/^[（(]?\s*(?:文章|本文|稿件)?(?:来源|來源|出处|出處)\s*[：:]\s*(?<name>[^）)]{1,30}?)\s*[）)]?$/#

    /// The outlet line closes an article, so only the tail of the page is searched.
    static func find(inHTML html: String) -> String? {
        find(inText: tagsAsLineBreaks(String(html.suffix(2000))))
    }

    /// Every tag (`<` and one or more characters up to the next `>`, the regular expression
    /// `<[^>]+>`) replaced by a line break; by byte, since both delimiters are ASCII.
    static func tagsAsLineBreaks(_ html: String) -> String {
        let bytes = Array(html.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<") {
                guard let close = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: ">")) else {
                    out.append(contentsOf: bytes[index...])
                    break
                }
                if close > index + 1 {
                    out.append(0x0A)
                    index = close + 1
                    continue
                }
            }
            out.append(bytes[index])
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The outlet of the last line naming one among the last six non-blank lines (lines split at the
    /// Character "\n", trimmed of blanks). Walked back from the end by byte: a LF byte is that
    /// Character unless a CR byte precedes it (CR LF is one Character), so the lines are those of
    /// `split(separator: "\n")` without iterating Characters.
    static func find(inText text: String) -> String? {
        let bytes = text.utf8
        var end = bytes.endIndex
        var seen = 0
        while end > bytes.startIndex, seen < 6 {
            var start = end
            while start > bytes.startIndex {
                let before = bytes.index(before: start)
                if bytes[before] == 0x0A, before == bytes.startIndex || bytes[bytes.index(before: before)] != 0x0D { break }
                start = before
            }
            let line = text[start..<end].trimmingSpaces()
            if !line.isEmpty {
                seen += 1
                if let outlet = outlet(in: line) { return outlet }
            }
            end = start > bytes.startIndex ? bytes.index(before: start) : start
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
