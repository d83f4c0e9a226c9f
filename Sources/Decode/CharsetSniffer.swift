import Foundation

/// Finds what a document says about its own charset, in the order the decoder trusts it.
enum CharsetSniffer {
    struct Declaration: Equatable {
        var charset: String
        var source: CharsetSource
    }

    /// Byte order marks (Unicode 15, 23.8), longest first so UTF-32LE is not taken for UTF-16LE.
    static func byteOrderMark(_ data: Data) -> (charset: String, length: Int)? {
        let marks: [([UInt8], String)] = [
            ([0xFF, 0xFE, 0x00, 0x00], "UTF-32LE"), ([0x00, 0x00, 0xFE, 0xFF], "UTF-32BE"),
            ([0xEF, 0xBB, 0xBF], Charset.utf8), ([0xFF, 0xFE], "UTF-16LE"), ([0xFE, 0xFF], "UTF-16BE"),
        ]
        for (mark, charset) in marks where data.starts(with: mark) { return (charset, mark.count) }
        return nil
    }

    /// The declarations found, header first, then the XML declaration, then `<meta>` tags.
    static func declarations(in data: Data, contentType: String?) -> [Declaration] {
        var found: [Declaration] = []
        if let label = contentType.flatMap(charsetParameter), let charset = Charset.canonical(label) {
            found.append(Declaration(charset: charset, source: .httpHeader))
        }
        // Declarations live in the head; 8 KiB covers pages with long scripts before the meta tag. Read as
        // bytes, with every non-ASCII byte a space: the labels are ASCII.
        let head: [UInt8] = data.prefix(8192).map { $0 < 0x80 ? $0 : 0x20 }
        if let label = xmlEncoding(head), let charset = Charset.canonical(label) {
            found.append(Declaration(charset: charset, source: .xmlDeclaration))
        }
        for label in metaCharsets(head) {
            if let charset = Charset.canonical(label) { found.append(Declaration(charset: charset, source: .metaTag)) }
        }
        return found
    }

    /// `charset` parameter of a media type (RFC 9110 §8.3.1), quoted or not.
    static func charsetParameter(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else {
                continue
            }
            let value = String(parts[1]).trimmingASCIIWhitespaceAndQuotes()
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// `encoding` of an XML declaration at the very start of the document (XML 1.0 §4.3.3).
    static func xmlEncoding(_ head: [UInt8]) -> String? {
        let start = head.firstIndex { !isWhitespace($0) } ?? head.endIndex
        let rest = head[start...]
        guard rest.starts(with: "<?xml".utf8), let end = range(of: Array("?>".utf8), in: rest) else { return nil }
        return attributeValue("encoding", in: head[start..<end.lowerBound])
    }

    /// Charsets named by `<meta charset>` and `<meta http-equiv content="…; charset=…">`, in order.
    static func metaCharsets(_ head: [UInt8]) -> [String] {
        var labels: [String] = []
        var rest = head[...]
        while let open = range(of: Array("<meta".utf8), in: rest, caseInsensitive: true) {
            let tail = rest[open.upperBound...]
            let close = tail.firstIndex(of: UInt8(ascii: ">")) ?? tail.endIndex
            if let label = attributeValue("charset", in: tail[..<close]) { labels.append(label) }
            rest = tail[close...]
        }
        return labels
    }

    /// The value after `name=`, quoted or bare; inside `content="text/html; charset=gbk"` too.
    private static func attributeValue(_ name: String, in text: ArraySlice<UInt8>) -> String? {
        guard let range = range(of: Array(name.utf8), in: text, caseInsensitive: true) else { return nil }
        var rest = text[range.upperBound...].drop { $0 == 0x20 || $0 == 0x09 }
        guard rest.first == UInt8(ascii: "=") else { return nil }
        rest = rest.dropFirst().drop { $0 == 0x20 || $0 == 0x09 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }
        let value = rest.prefix { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                 UInt8(ascii: ":"): true
            default: false
            }
        }
        return value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
    }

    /// The first occurrence of `needle` in `haystack`, ASCII letters matched in either case if asked.
    private static func range(of needle: [UInt8], in haystack: ArraySlice<UInt8>,
                              caseInsensitive: Bool = false) -> Range<Int>? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        let fold: (UInt8) -> UInt8 = { caseInsensitive && $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        let pattern = needle.map(fold)
        var index = haystack.startIndex
        while index <= haystack.endIndex - pattern.count {
            if fold(haystack[index]) == pattern[0] {
                var matched = 1
                while matched < pattern.count, fold(haystack[index + matched]) == pattern[matched] { matched += 1 }
                if matched == pattern.count { return index..<(index + matched) }
            }
            index += 1
        }
        return nil
    }

    /// ASCII whitespace as `Character.isWhitespace` has it (Unicode's White_Space): tab to carriage
    /// return, and space.
    private static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
}
