import Foundation

extension String {
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` — the same scalars trimmed from both ends —
    /// without Foundation's round trip through NSString and a substring, which cost more than
    /// parsing a feed item's elements; an untrimmed text is returned as it is.
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !whitespace.contains($0) }),
              let last = scalars.lastIndex(where: { !whitespace.contains($0) }) else { return "" }
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
    }

    /// True when nothing but whitespace and newlines is there (what `trimmingWhitespace()` empties).
    public var isBlank: Bool { unicodeScalars.allSatisfy { whitespace.contains($0) } }
}

extension Substring {
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` of a substring, without Foundation's bridge
    /// (which copies the whole substring to UTF-16 first: most of the cost of reading a post).
    public func trimmingWhitespace() -> String { String(Substring(trimmed(whitespace))) }

    /// `trimmingCharacters(in: .whitespaces)`: blanks and tabs, not line breaks.
    public func trimmingSpaces() -> String { String(Substring(trimmed(spaces))) }

    /// True when nothing but whitespace and newlines is there.
    public var isBlank: Bool { unicodeScalars.allSatisfy { whitespace.contains($0) } }

    private func trimmed(_ set: CharacterSet) -> Substring.UnicodeScalarView {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !set.contains($0) }),
              let last = scalars.lastIndex(where: { !set.contains($0) }) else { return scalars[scalars.endIndex...] }
        return scalars[first...last]
    }
}

private let whitespace = CharacterSet.whitespacesAndNewlines
private let spaces = CharacterSet.whitespaces
