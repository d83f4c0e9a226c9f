/// Blanks collapsed on UTF-8 bytes, with the result of splitting the text into `Character`s at
/// whitespace and joining the words with one space, the way the extractor's lines have always been
/// built, without the cost of breaking the text into grapheme clusters.
///
/// Splitting at whitespace scalars gives the same words as splitting at whitespace `Character`s
/// when every whitespace scalar is a cluster of its own, which holds when its neighbours are
/// characters that never join a cluster (Unicode's grapheme rules GB9–GB9b: extenders, joiners,
/// spacing marks, prepended marks). The neighbours accepted are the ranges the standard library's
/// own fast path treats as breaking on both sides (ASCII and Latin, CJK, kana, Hangul syllables,
/// common punctuation, full-width forms); a line with any other neighbour of a blank goes the slow way.
enum LineText {
    /// Appends the words of `line` joined by single spaces, after a newline when `text` already holds
    /// a line; appends nothing when `line` has no words.
    static func appendCollapsed(_ line: [UInt8], to text: inout [UInt8]) {
        guard !line.isEmpty else { return }
        let simple = line.withUnsafeBufferPointer { blanksStandAlone($0) }
        guard simple else {
            let joined = String(decoding: line, as: UTF8.self)
                .split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if !joined.isEmpty {
                if !text.isEmpty { text.append(0x0A) }
                text.append(contentsOf: joined.utf8)
            }
            return
        }
        line.withUnsafeBufferPointer { bytes in
            var position = 0
            var wrote = false
            var pendingBlank = false
            while position < bytes.count {
                let (scalar, length) = decode(bytes, at: position)
                if isWhitespace(scalar) {
                    pendingBlank = wrote
                } else {
                    if !wrote && !text.isEmpty { text.append(0x0A) }
                    if pendingBlank { text.append(0x20) }
                    pendingBlank = false
                    wrote = true
                    text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position..<(position + length)]))
                }
                position += length
            }
        }
    }

    /// Whether every whitespace scalar of `bytes` has neighbours that certainly break from it.
    static func blanksStandAlone(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt32? = nil
        var previousIsBlank = false
        var position = 0
        while position < bytes.count {
            let (scalar, length) = decode(bytes, at: position)
            let blank = isWhitespace(scalar)
            if let previous {
                if blank && !previousIsBlank && !breaksAlways(previous) { return false }
                if previousIsBlank && !blank && !breaksAlways(scalar) { return false }
            }
            previous = scalar
            previousIsBlank = blank
            position += length
        }
        return true
    }

    /// The scalar at `position` of valid UTF-8 and its length in bytes.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> (UInt32, Int) {
        let lead = UInt32(bytes[position])
        if lead < 0x80 { return (lead, 1) }
        if lead < 0xE0 { return ((lead & 0x1F) << 6 | UInt32(bytes[position + 1] & 0x3F), 2) }
        if lead < 0xF0 {
            return ((lead & 0x0F) << 12 | UInt32(bytes[position + 1] & 0x3F) << 6 | UInt32(bytes[position + 2] & 0x3F), 3)
        }
        return ((lead & 0x07) << 18 | UInt32(bytes[position + 1] & 0x3F) << 12
            | UInt32(bytes[position + 2] & 0x3F) << 6 | UInt32(bytes[position + 3] & 0x3F), 4)
    }

    /// Unicode's White_Space property, which `Character.isWhitespace` reads from a cluster's first scalar.
    @inline(__always)
    static func isWhitespace(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Characters that never join a grapheme cluster with a neighbour of theirs (the standard
    /// library's `hasBreakWhenPaired`).
    @inline(__always)
    static func breaksAlways(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x3400...0xA4CF, 0x0000...0x02FF, 0x3041...0x3096, 0x30A1...0x30FC, 0x0400...0x0482,
             0x061D...0x064A, 0xAC00...0xD7AF, 0x2010...0x2029, 0x3000...0x3029, 0xFF01...0xFF9D:
            true
        default:
            false
        }
    }

    /// `text.count` (grapheme clusters), counted on the scalars when every scalar is one that breaks
    /// from its neighbours (then only CR LF forms a cluster of two).
    static func characterCount(_ text: String) -> Int {
        var text = text
        let counted: Int? = text.withUTF8 { bytes in
            var count = 0
            var previous: UInt32 = 0
            var position = 0
            while position < bytes.count {
                let (scalar, length) = decode(bytes, at: position)
                guard breaksAlways(scalar) else { return nil }
                if !(scalar == 0x0A && previous == 0x0D) { count += 1 }
                previous = scalar
                position += length
            }
            return count
        }
        return counted ?? text.count
    }
}
