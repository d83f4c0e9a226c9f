import Foundation

/// The page with the contents of the `<script>` and `<style>` elements of its head left out, for
/// parsing: libxml2 reads raw text a character at a time, and on news pages the head's scripts and
/// style sheets are often half of the bytes (a third of the parse time), while nothing of the
/// extraction reads them but JSON-LD, which is kept.
///
/// Only what libxml2 certainly reads as the head is touched, read the way its HTML parser (2.9)
/// reads it: comments, a doctype, processing instructions, and the start and end tags of `html`,
/// `head`, `meta`, `link`, `base`, `title`, `script` and `style`, with blanks between them. The scan
/// stops at anything else (the body, text, a stray tag, anything it is not sure of), and leaves the
/// rest as it is. A script's content ends, as in libxml2's recover mode, at the first `</script`
/// (`</style`), case aside; that end tag stays. The tree parsed from the result is the page's tree
/// with those elements empty.
enum HeadScripts {
    /// The text with the head's script and style contents removed, and how many script and style
    /// elements the head holds (emptied or kept): the first that many of the parsed tree. Nil when
    /// there is nothing to remove.
    /// The bytes are handed to the parser as they are (valid UTF-8 cut at element boundaries), not
    /// made into a `String` again, which would validate them all once more.
    static func blanked(_ text: String) -> (bytes: Data, elements: Int)? {
        var text = text
        return text.withUTF8 { bytes -> (bytes: Data, elements: Int)? in
            let ranges = contentRanges(bytes)
            guard ranges.contains(where: { !$0.isEmpty }) else { return nil }
            var kept = Data(capacity: bytes.count - ranges.reduce(0) { $0 + $1.count })
            var from = 0
            for range in ranges {
                kept.append(UnsafeBufferPointer(rebasing: bytes[from..<range.lowerBound]))
                from = range.upperBound
            }
            kept.append(UnsafeBufferPointer(rebasing: bytes[from...]))
            return (kept, ranges.count)
        }
    }

    /// Byte ranges of the contents to remove, in order.
    static func contentRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        // libxml2 2.9 takes a NUL byte for the end of the input in places: a page with one is left alone.
        guard let base = bytes.baseAddress, memchr(base, 0, bytes.count) == nil else { return [] }
        var scanner = Scanner(bytes: bytes)
        return scanner.run()
    }

    private static let headNames: Set<[UInt8]> = Set(["html", "head", "meta", "link", "base", "title", "script", "style"]
        .map { Array($0.utf8) })

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0
        var ranges: [Range<Int>] = []

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func run() -> [Range<Int>] {
            var inTitle = false
            while position < bytes.count {
                let byte = bytes[position]
                if isBlank(byte) { position += 1; continue }
                guard byte == 0x3C, position + 1 < bytes.count else {
                    // Text: the title's own, else the start of the body.
                    if inTitle { position += 1; continue }
                    return ranges
                }
                let next = bytes[position + 1]
                if next == 0x21 {   // <!
                    guard !inTitle, skipCommentOrDoctype() else { return ranges }
                } else if next == 0x3F {   // <?
                    guard !inTitle, position + 2 < bytes.count, isLetter(bytes[position + 2]),
                          let end = find(0x3E, from: position + 2) else { return ranges }
                    position = end + 1
                } else if next == 0x2F {   // </
                    let name = readName(from: position + 2)
                    guard headNames.contains(lowercased(name)), let end = find(0x3E, from: name.upperBound) else { return ranges }
                    if inTitle && lowercased(name) != Array("title".utf8) { return ranges }
                    if lowercased(name) == Array("title".utf8) { inTitle = false }
                    position = end + 1
                } else if isLetter(next) {
                    guard !inTitle else { return ranges }
                    let name = readName(from: position + 1)
                    let lower = lowercased(name)
                    guard headNames.contains(lower), let (end, selfClosing, json) = startTagEnd(from: name.upperBound)
                    else { return ranges }
                    position = end
                    guard !selfClosing else { continue }
                    if lower == Array("title".utf8) { inTitle = true }
                    if lower == Array("script".utf8) || lower == Array("style".utf8) {
                        guard let close = contentEnd(from: position, name: lower) else { return ranges }
                        // An empty range for a kept one: every script and style of the head is counted.
                        ranges.append(json ? position..<position : position..<close)
                        position = close
                    }
                } else {
                    return ranges
                }
            }
            return ranges
        }

        /// `<!-- … -->` or `<!DOCTYPE …>` at `position`; false for anything else.
        private mutating func skipCommentOrDoctype() -> Bool {
            if starts(with: "<!--", at: position) {
                var index = position + 4
                while index + 2 < bytes.count {
                    if bytes[index] == 0x2D && bytes[index + 1] == 0x2D && bytes[index + 2] == 0x3E {
                        position = index + 3
                        return true
                    }
                    index += 1
                }
                return false
            }
            guard startsCaseInsensitive(with: "<!doctype", at: position), let end = find(0x3E, from: position) else {
                return false
            }
            // A quoted `>` would end it elsewhere for libxml2: not sure, so stop.
            let declaration = bytes[position..<end]
            guard !declaration.contains(0x22) && !declaration.contains(0x27) || balancedQuotes(position..<end) else {
                return false
            }
            position = end + 1
            return true
        }

        private func balancedQuotes(_ range: Range<Int>) -> Bool {
            var open: UInt8? = nil
            for index in range {
                let byte = bytes[index]
                if let quote = open { if byte == quote { open = nil } } else if byte == 0x22 || byte == 0x27 { open = byte }
            }
            return open == nil
        }

        /// The end of a start tag whose name ends at `from`, read as libxml2's `htmlParseStartTag` reads
        /// attributes: the index after `>` (or `/>`), whether it closed itself, and whether it may
        /// name JSON (`json` in it, or a character reference that could spell it).
        private func startTagEnd(from start: Int) -> (Int, Bool, Bool)? {
            var index = skipBlanks(start)
            var json = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x3E { return (index + 1, false, json || mentionsJSON(start..<index)) }
                if byte == 0x2F && index + 1 < bytes.count && bytes[index + 1] == 0x3E {
                    return (index + 2, true, json || mentionsJSON(start..<index))
                }
                if isLetter(byte) || byte == 0x5F || byte == 0x3A || byte == 0x2E {
                    index = readName(from: index).upperBound
                    index = skipBlanks(index)
                    if index < bytes.count && bytes[index] == 0x3D {   // =
                        index = skipBlanks(index + 1)
                        guard index < bytes.count else { return nil }
                        let quote = bytes[index]
                        if quote == 0x22 || quote == 0x27 {
                            guard let close = find(quote, from: index + 1) else { return nil }
                            if bytes[index..<close].contains(0x26) { json = true }   // &
                            index = close + 1
                        } else {
                            while index < bytes.count && !isBlank(bytes[index]) && bytes[index] != 0x3E {
                                if bytes[index] == 0x26 { json = true }
                                index += 1
                            }
                        }
                    }
                } else {
                    // libxml2 drops a bogus attribute up to the next blank or the end of the tag.
                    while index < bytes.count && !isBlank(bytes[index]) && bytes[index] != 0x3E
                            && !(bytes[index] == 0x2F && index + 1 < bytes.count && bytes[index + 1] == 0x3E) {
                        if bytes[index] == 0x26 { json = true }
                        index += 1
                    }
                }
                index = skipBlanks(index)
            }
            return nil
        }

        private func mentionsJSON(_ range: Range<Int>) -> Bool {
            let needle = Array("json".utf8)
            guard range.count >= needle.count else { return false }
            for start in range.lowerBound...(range.upperBound - needle.count) {
                if (0..<needle.count).allSatisfy({ lowercase(bytes[start + $0]) == needle[$0] }) { return true }
            }
            return false
        }

        /// Where raw text content ends: the first `</` followed by the element's name, case aside
        /// (libxml2's `htmlParseScript` in recover mode); nil when it runs to the end.
        private func contentEnd(from start: Int, name: [UInt8]) -> Int? {
            guard let base = bytes.baseAddress else { return nil }
            var index = start
            while index + 1 + name.count < bytes.count {
                // The next `<`, found by memchr: script and style sheets are long.
                guard let found = memchr(base + index, 0x3C, bytes.count - index) else { return nil }
                index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                guard index + 1 + name.count < bytes.count else { return nil }
                if bytes[index + 1] == 0x2F
                    && (0..<name.count).allSatisfy({ lowercase(bytes[index + 2 + $0]) == name[$0] }) {
                    return index
                }
                index += 1
            }
            return nil
        }

        /// An HTML name as libxml2's `htmlParseHTMLName` reads one: letters, digits, `:`, `-`, `_`, `.`.
        private func readName(from start: Int) -> Range<Int> {
            var end = start
            while end < bytes.count {
                let byte = bytes[end]
                guard isLetter(byte) || (0x30...0x39).contains(byte) || byte == 0x3A || byte == 0x2D || byte == 0x5F
                        || byte == 0x2E else { break }
                end += 1
            }
            return start..<end
        }

        private func lowercased(_ range: Range<Int>) -> [UInt8] { bytes[range].map(lowercase) }

        private func find(_ byte: UInt8, from start: Int) -> Int? {
            var index = start
            while index < bytes.count {
                if bytes[index] == byte { return index }
                index += 1
            }
            return nil
        }

        private func skipBlanks(_ start: Int) -> Int {
            var index = start
            while index < bytes.count && isBlank(bytes[index]) { index += 1 }
            return index
        }

        private func starts(with prefix: StaticString, at start: Int) -> Bool {
            prefix.withUTF8Buffer { wanted in
                start + wanted.count <= bytes.count && (0..<wanted.count).allSatisfy { bytes[start + $0] == wanted[$0] }
            }
        }

        private func startsCaseInsensitive(with prefix: StaticString, at start: Int) -> Bool {
            prefix.withUTF8Buffer { wanted in
                start + wanted.count <= bytes.count
                    && (0..<wanted.count).allSatisfy { lowercase(bytes[start + $0]) == wanted[$0] }
            }
        }

        /// libxml2's `IS_BLANK_CH`: space, tab, newline, carriage return.
        private func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

        private func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }

        private func lowercase(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
    }
}
