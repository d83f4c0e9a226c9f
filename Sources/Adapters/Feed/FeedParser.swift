public import Foundation
import Markup

/// Reads RSS 0.91/0.92/1.0 (RDF)/2.0, Atom 0.3/1.0 and JSON Feed 1.0/1.1 from decoded text.
public enum FeedParser {
    /// `url` is the feed's address: relative links resolve against it. Dates without a zone are read
    /// in `timeZone` (Chinese feeds write `2025-06-03 09:30:00` and mean Beijing time).
    public static func parse(_ text: String, url: String, timeZone: TimeZone) throws(FeedError) -> ParsedFeed {
        let start = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if start.first == "{" { return try JSONFeedReader(url: url, timeZone: timeZone).parse(Data(start.utf8)) }
        let repaired = BareAmpersand.escape(text)
        let document: Document
        do {
            // The text is already decoded; a stale encoding="gb2312" must not make libxml2 decode it again.
            document = try Document(xml: Data(repaired.utf8), url: url, encoding: "UTF-8")
        } catch {
            throw .unparsable(url: url, reason: error.description)
        }
        return try XMLFeedReader(document: document, url: url, timeZone: timeZone).parse()
    }
}

/// Feeds written by string concatenation carry `&` unescaped (`沪深300 & 创业板`). libxml2's recover
/// mode drops such an ampersand with the text after it, so escape every `&` that does not start a
/// character or entity reference.
enum BareAmpersand {
    static func escape(_ text: String) -> String {
        // Found by byte: `&` is ASCII, so each one found starts a scalar, and Character-by-Character
        // searching (grapheme breaking) cost more than libxml2's parse of the whole feed.
        let bytes = text.utf8
        var next = bytes.firstIndex(of: UInt8(ascii: "&"))
        guard next != nil else { return text }
        var result = ""
        result.reserveCapacity(bytes.count + 64)
        var copied = text.startIndex
        while let ampersand = next {
            let after = bytes.index(after: ampersand)
            if !startsReference(text[after...]) {
                result += text[copied..<after]
                result += "amp;"
                copied = after
            }
            next = bytes[after...].firstIndex(of: UInt8(ascii: "&"))
        }
        result += text[copied...]
        return result
    }

    /// `name;`, `#123;` or `#x1F;` within 32 characters.
    private static func startsReference(_ text: Substring) -> Bool {
        let candidate = text.prefix(33)
        guard let semicolon = candidate.firstIndex(of: ";") else { return false }
        let body = candidate[..<semicolon]
        guard let first = body.first else { return false }
        if first == "#" {
            let digits = body.dropFirst()
            if digits.first == "x" || digits.first == "X" {
                return digits.count > 1 && digits.dropFirst().allSatisfy(\.isHexDigit)
            }
            return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
        }
        return (first.isLetter || first == "_") && body.allSatisfy { $0.isLetter || $0.isNumber || "._-".contains($0) }
    }
}
