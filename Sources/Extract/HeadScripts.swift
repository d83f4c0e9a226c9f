import Foundation
import Markup

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
/// with other text in those elements, which the extractor checks before it trusts it.
enum HeadScripts {
    /// The page as parsed: each emptied content is replaced by `marker(k)`, k = 0, 1, … in order, so the
    /// tree keeps its shape (one text node in each of those elements) and `Emptied.verify` can check
    /// that libxml2 read every one of them as the whole content of a script or style element. The
    /// bytes are handed to the parser as they are (valid UTF-8 cut at element boundaries), not made
    /// into a `String` again, which would validate them all once more. Nil when nothing is emptied.
    static func blanked(_ text: String) -> (bytes: Data, emptied: Emptied)? {
        var text = text
        return text.withUTF8 { bytes -> (bytes: Data, emptied: Emptied)? in
            let contents = contentRanges(bytes).filter { hasCharacter(bytes[$0.range]) }
            guard !contents.isEmpty else { return nil }
            var kept = Data(capacity: bytes.count - contents.reduce(0) { $0 + $1.range.count } + 16 * contents.count)
            var from = 0
            for (number, content) in contents.enumerated() {
                kept.append(UnsafeBufferPointer(rebasing: bytes[from..<content.range.lowerBound]))
                kept.append(contentsOf: marker(number).utf8)
                from = content.range.upperBound
            }
            kept.append(UnsafeBufferPointer(rebasing: bytes[from...]))
            return (kept, Emptied(styles: contents.map(\.style)))
        }
    }

    /// What stands in for the k-th emptied content: text no page writes (a private-use character).
    static func marker(_ number: Int) -> String { "\u{E000}finews\(number)\u{E000}" }

    /// Whether libxml2 keeps a character of this content: one of tab, newline, carriage return or a
    /// printable ASCII character is enough (content of nothing but control characters makes no text
    /// node, and its marker would make one).
    private static func hasCharacter(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        bytes.contains { (0x20...0x7E).contains($0) || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    /// The elements emptied, in order, and where they are in the parsed tree once verified.
    struct Emptied {
        /// For each emptied element in order, whether it is a `style` (else a `script`).
        var styles: [Bool]

        /// Indices of the emptied elements in `tree`, when each marker is the whole content of a
        /// script or style element of the right name, in order; nil when libxml2 read the page
        /// otherwise than the scan did (then the page is parsed again as it is).
        func verify(in tree: FlatTree) -> [Int]? {
            var found: [Int] = []
            let prefix = "\u{E000}finews"
            // U+E000 is EE 80 80 in UTF-8: one byte tells most texts apart.
            for index in 0..<tree.count where tree.kinds[index] == .text && tree.texts[index].utf8.first == 0xEE
                && tree.texts[index].hasPrefix(prefix) {
                let parent = Int(tree.parents[index])
                let number = found.count
                guard number < styles.count, parent >= 0, tree.texts[index] == marker(number),
                      tree.names[parent] == (styles[number] ? "style" : "script"),
                      Int(tree.subtreeEnd[parent]) == parent + 2 else { return nil }
                found.append(parent)
            }
            return found.count == styles.count ? found : nil
        }
    }

    /// Byte ranges of the contents to remove, in order.
    static func contentRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [(range: Range<Int>, style: Bool)] {
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
        var ranges: [(range: Range<Int>, style: Bool)] = []

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func run() -> [(range: Range<Int>, style: Bool)] {
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
                    let raw = lower == Array("script".utf8) || lower == Array("style".utf8)
                    if selfClosing {
                        // `<script src=…/>` has no content, but it is one of the head's scripts.
                        if raw { ranges.append((end..<end, lower == Array("style".utf8))) }
                        continue
                    }
                    if lower == Array("title".utf8) { inTitle = true }
                    if raw {
                        guard let close = contentEnd(from: position, name: lower) else { return ranges }
                        // An empty range for a kept one: every script and style of the head is counted.
                        ranges.append((json ? position..<position : position..<close, lower == Array("style".utf8)))
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
