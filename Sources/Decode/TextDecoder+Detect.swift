import Foundation

extension TextDecoder {
    /// Decodes fetched bytes: BOM, then the HTTP `Content-Type` charset, the XML declaration, `<meta>`;
    /// with nothing usable declared, strict UTF-8 then strict GB18030.
    ///
    /// A legacy declaration on bytes that are valid UTF-8 with non-ASCII text means UTF-8: Chinese
    /// portals moved to UTF-8 and left `charset=gb2312` in their templates, while GBK text that happens
    /// to be valid UTF-8 does not occur at any useful length. A declaration that fails strictly falls
    /// through to detection. Only when nothing decodes strictly is the page decoded lossily, with the
    /// candidate that drops the fewest damaged bytes, and `damage` says how many and where; a document
    /// that is mostly undecodable is refused.
    public static func decode(_ data: Data, contentType: String?, location: String) throws(DecodeError) -> DecodedText {
        if let mark = CharsetSniffer.byteOrderMark(data) {
            return try decodeAfterMark(data.dropFirst(mark.length), charset: mark.charset, location: location)
        }
        if data.prefix(8192).contains(0) { throw .binary(location: location) }
        let declarations = CharsetSniffer.declarations(in: data, contentType: contentType)
        let utf8 = String(validating: data, as: UTF8.self)
        if let declared = declarations.first {
            if let decoded = decodeDeclared(data, declared, utf8: utf8) { return decoded }
        }
        if let utf8 { return DecodedText(text: utf8, charset: Charset.utf8, source: .detected) }
        // Damaged UTF-8 must not fall to GB18030, which reads most UTF-8 byte runs as (wrong) characters.
        if isMostlyUTF8(data) { return try decodeLossily(data, candidates: [Charset.utf8], location: location, only: true) }
        if let gb = Iconv.decode(data, from: Charset.gb18030, lossy: false) {
            return DecodedText(text: gb.text, charset: Charset.gb18030, source: .detected)
        }
        return try decodeLossily(data, candidates: declarations.map(\.charset), location: location)
    }

    private static func decodeAfterMark(_ data: Data, charset: String, location: String) throws(DecodeError) -> DecodedText {
        if charset == Charset.utf8, let text = String(validating: data, as: UTF8.self) {
            return DecodedText(text: text, charset: charset, source: .byteOrderMark)
        }
        guard let decoded = Iconv.decode(data, from: charset, lossy: true),
              let damage = acceptableDamage(decoded, of: data, charset: charset) else {
            throw .undecodable(location: location, charset: charset)
        }
        return DecodedText(text: decoded.text, charset: charset, source: .byteOrderMark,
                           damage: damage.droppedBytes > 0 ? damage : nil)
    }

    private static func decodeDeclared(_ data: Data, _ declared: CharsetSniffer.Declaration,
                                       utf8: String?) -> DecodedText? {
        if declared.charset == Charset.utf8 {
            return utf8.map { DecodedText(text: $0, charset: Charset.utf8, source: declared.source) }
        }
        if Charset.isLegacy(declared.charset), let utf8, data.contains(where: { $0 >= 0x80 }) {
            return DecodedText(text: utf8, charset: Charset.utf8, source: .utf8OverDeclared(declared: declared.charset))
        }
        return Iconv.decode(data, from: declared.charset, lossy: false).map {
            DecodedText(text: $0.text, charset: declared.charset, source: declared.source)
        }
    }

    /// Damaged pages (a title cut inside a GBK character, a truncated UTF-8 sequence): keep the text
    /// without the bytes that make no character, and say how many were dropped and where.
    /// `only` tries the candidates given and no others.
    private static func decodeLossily(_ data: Data, candidates: [String], location: String,
                                      only: Bool = false) throws(DecodeError) -> DecodedText {
        var best: (charset: String, decoded: (text: String, dropped: Int, firstDropped: Int?))?
        var seen: Set<String> = []
        let tried = only ? candidates : candidates + [Charset.utf8, Charset.gb18030, Charset.big5]
        for charset in tried where seen.insert(charset).inserted {
            guard let decoded = Iconv.decode(data, from: charset, lossy: true) else { continue }
            if best == nil || decoded.dropped < best!.decoded.dropped { best = (charset, decoded) }
        }
        guard let best, let damage = acceptableDamage(best.decoded, of: data, charset: best.charset) else {
            throw .undecodable(location: location, charset: candidates.first)
        }
        return DecodedText(text: best.decoded.text, charset: best.charset, source: .lossy, damage: damage)
    }

    /// The damage of a lossy decoding, or nil when the document is mostly undecodable: more than one in
    /// four of the bytes that can be damaged dropped (the non-ASCII ones, all of them in UTF-16 and
    /// UTF-32) means the wrong charset or no text at all, and control characters where text should be
    /// mean binary that happens to decode. `data` may be a slice after a byte order mark: offsets count
    /// from the document's first byte.
    private static func acceptableDamage(_ decoded: (text: String, dropped: Int, firstDropped: Int?), of data: Data,
                                         charset: String) -> DecodeDamage? {
        let fragile = charset.hasPrefix("UTF-16") || charset.hasPrefix("UTF-32")
            ? data.count : data.reduce(0) { $0 + ($1 >= 0x80 ? 1 : 0) }
        guard decoded.dropped * 4 <= fragile else { return nil }
        var scalars = 0
        var controls = 0
        for scalar in decoded.text.unicodeScalars.prefix(65_536) {
            scalars += 1
            if scalar.value < 0x20 && !"\t\n\r\u{0C}".unicodeScalars.contains(scalar) { controls += 1 }
        }
        guard controls * 20 <= scalars else { return nil }
        return DecodeDamage(droppedBytes: decoded.dropped, firstOffset: data.startIndex + (decoded.firstDropped ?? 0))
    }

    /// Whether bytes that are not valid UTF-8 are UTF-8 all the same, with a few damaged sequences: the
    /// well-formed multi-byte characters outnumber the bytes that fit none at least two to one. Text in
    /// GBK or Big5 forms a valid UTF-8 sequence only by chance, a few times in a hundred characters.
    static func isMostlyUTF8(_ data: Data) -> Bool {
        var valid = 0
        var invalid = 0
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var index = 0
            while index < bytes.count {
                let lead = bytes[index]
                if lead < 0x80 { index += 1; continue }
                let length = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 && lead < 0xE0 ? 2 : 0
                var end = index + 1
                while length > 0, end < index + length, end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
                if length > 0 && end == index + length {
                    valid += 1
                    index = end
                } else {
                    invalid += 1
                    index += 1
                }
            }
        }
        return valid > 0 && valid >= 2 * invalid
    }
}
