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

private let whitespace = CharacterSet.whitespacesAndNewlines
