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
        // Declarations live in the head; 8 KiB covers pages with long scripts before the meta tag.
        let head = String(decoding: data.prefix(8192).map { $0 < 0x80 ? $0 : 0x20 }, as: UTF8.self)
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
    static func xmlEncoding(_ head: String) -> String? {
        let start = head.drop { $0.isWhitespace }
        guard start.hasPrefix("<?xml"), let end = start.range(of: "?>") else { return nil }
        return attributeValue("encoding", in: start[..<end.lowerBound])
    }

    /// Charsets named by `<meta charset>` and `<meta http-equiv content="…; charset=…">`, in order.
    static func metaCharsets(_ head: String) -> [String] {
        var labels: [String] = []
        var rest = Substring(head)
        while let open = rest.range(of: "<meta", options: .caseInsensitive) {
            let tail = rest[open.upperBound...]
            let close = tail.firstIndex(of: ">") ?? tail.endIndex
            let tag = tail[..<close]
            if let label = attributeValue("charset", in: tag) { labels.append(label) }
            rest = tail[close...]
        }
        return labels
    }

    /// The value after `name=`, quoted or bare; inside `content="text/html; charset=gbk"` too.
    private static func attributeValue(_ name: String, in text: Substring) -> String? {
        guard let range = text.range(of: name, options: .caseInsensitive) else { return nil }
        var rest = text[range.upperBound...].drop { $0 == " " || $0 == "\t" }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" }
        let value = rest.prefix { $0.isLetter || $0.isNumber || "-_.:".contains($0) }
        return value.isEmpty ? nil : String(value)
    }
}
