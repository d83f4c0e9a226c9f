import Dedup
import Foundation

/// A piece of a snippet: original text, and whether it matched a search term.
public struct SnippetPart: Sendable, Equatable, Codable {
    public var text: String
    public var isMatch: Bool

    public init(_ text: String, isMatch: Bool) {
        self.text = text
        self.isMatch = isMatch
    }
}

/// Cuts a snippet from the original text around the first match of the query's terms and marks every
/// match in it. Matching happens on normalised letters and digits (so a Simplified query marks the
/// Traditional original), and each normalised scalar remembers the original scalar it came from, so
/// the snippet is always the text as published.
enum SearchSnippet {
    /// Only the head of a very long body is searched for a window.
    static let scannedScalars = 20_000

    static func parts(of text: String, needles: [[Unicode.Scalar]], before: Int = 30, length: Int = 120,
                      wholeText: Bool = false) -> [SnippetPart] {
        let original = Array(text.unicodeScalars.prefix(scannedScalars))
        let (normalized, owners) = normalizedLetters(original)
        var matches: [Range<Int>] = []  // in original scalar offsets
        for needle in needles where !needle.isEmpty && needle.count <= normalized.count {
            var index = 0
            while index + needle.count <= normalized.count {
                if normalized[index] == needle[0], normalized[index..<(index + needle.count)].elementsEqual(needle) {
                    matches.append(owners[index]..<(owners[index + needle.count - 1] + 1))
                    index += needle.count
                } else {
                    index += 1
                }
            }
        }
        matches.sort { $0.lowerBound < $1.lowerBound }
        let start: Int
        let end: Int
        if wholeText {
            (start, end) = (0, original.count)
        } else {
            start = max(0, (matches.first?.lowerBound ?? 0) - before)
            end = min(original.count, start + length)
        }
        var parts: [SnippetPart] = []
        var cursor = start
        for match in matches where match.lowerBound >= cursor && match.upperBound <= end {
            if match.lowerBound > cursor {
                parts.append(SnippetPart(SearchText.string(original[cursor..<match.lowerBound]), isMatch: false))
            }
            parts.append(SnippetPart(SearchText.string(original[match]), isMatch: true))
            cursor = match.upperBound
        }
        if cursor < end { parts.append(SnippetPart(SearchText.string(original[cursor..<end]), isMatch: false)) }
        if !wholeText, start > 0, let first = parts.first {
            parts[0] = SnippetPart("…" + first.text, isMatch: first.isMatch)
        }
        if !wholeText, end < original.count { parts.append(SnippetPart("…", isMatch: false)) }
        return parts.map { SnippetPart($0.text.replacingOccurrences(of: "\n", with: " "), isMatch: $0.isMatch) }
    }

    /// Whether the text's normalised letters and digits hold the needle (within its scanned head).
    static func contains(_ needle: [Unicode.Scalar], in text: String) -> Bool {
        guard !needle.isEmpty else { return true }
        let (normalized, _) = normalizedLetters(Array(text.unicodeScalars.prefix(scannedScalars)))
        guard needle.count <= normalized.count else { return false }
        for index in 0...(normalized.count - needle.count)
        where normalized[index] == needle[0] && normalized[index..<(index + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }

    /// Letters and digits normalised as the index normalises them, each with the offset of the original
    /// scalar it came from.
    static func normalizedLetters(_ original: [Unicode.Scalar]) -> ([Unicode.Scalar], [Int]) {
        var scalars: [Unicode.Scalar] = []
        var owners: [Int] = []
        scalars.reserveCapacity(original.count)
        owners.reserveCapacity(original.count)
        for (offset, scalar) in original.enumerated() {
            let value = scalar.value
            if value < 0x80 || (value >= 0x4E00 && value <= 0x9FFF) {
                // ASCII and the main Han block: NFKC leaves them, lowercase is ASCII's.
                guard SearchText.kind(of: scalar) != nil else { continue }
                scalars.append(value >= 0x41 && value <= 0x5A ? Unicode.Scalar(value + 0x20)! : scalar)
                owners.append(offset)
                continue
            }
            // Punctuation and spaces (most of what is left) separate either way: skip NFKC for them.
            guard SearchText.kind(of: scalar) != nil else { continue }
            let folded = String(SearchText.fold(scalar)).lowercased()
            for piece in folded.unicodeScalars where SearchText.kind(of: piece) != nil {
                scalars.append(piece)
                owners.append(offset)
            }
        }
        guard let converter = ChineseConverter.shared, converter.needsConversion(scalars) else { return (scalars, owners) }
        // Each run of CJK characters alone, as SearchText.normalize converts them.
        for run in cjkRuns(scalars, owners: owners) where converter.needsConversion(scalars[run]) {
            let converted = Array(converter.simplified(SearchText.string(scalars[run])).unicodeScalars)
            if converted.count == run.count {
                scalars.replaceSubrange(run, with: converted)
            } else {
                // A phrase conversion changed the length: convert character by character instead.
                for index in run {
                    let one = Array(converter.simplified(String(scalars[index])).unicodeScalars)
                    if one.count == 1 { scalars[index] = one[0] }
                }
            }
        }
        return (scalars, owners)
    }

    /// Maximal runs of CJK characters that stood next to each other in the original text.
    static func cjkRuns(_ scalars: [Unicode.Scalar], owners: [Int]) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start: Int?
        for index in scalars.indices {
            let isCJK = SearchText.isCJK(scalars[index].value)
            if let first = start, !isCJK || owners[index] != owners[index - 1] + 1 {
                runs.append(first..<index)
                start = nil
            }
            if isCJK, start == nil { start = index }
        }
        if let first = start { runs.append(first..<scalars.count) }
        return runs
    }
}
