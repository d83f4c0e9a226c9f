import Foundation

extension TextDecoder {
    /// Decodes fetched bytes: BOM, then the HTTP `Content-Type` charset, the XML declaration, `<meta>`;
    /// with nothing usable declared, strict UTF-8 then strict GB18030.
    ///
    /// A legacy declaration on bytes that are valid UTF-8 with non-ASCII text means UTF-8: Chinese
    /// portals moved to UTF-8 and left `charset=gb2312` in their templates, while GBK text that happens
    /// to be valid UTF-8 does not occur at any useful length. A declaration that fails strictly falls
    /// through to detection. Only when nothing decodes strictly is the page decoded lossily, with the
    /// candidate needing the fewest U+FFFD replacements, and `replacements` says how many.
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
        if let gb = Iconv.decode(data, from: Charset.gb18030, lossy: false) {
            return DecodedText(text: gb.text, charset: Charset.gb18030, source: .detected)
        }
        return try decodeLossily(data, candidates: declarations.map(\.charset), location: location)
    }

    private static func decodeAfterMark(_ data: Data, charset: String, location: String) throws(DecodeError) -> DecodedText {
        if charset == Charset.utf8, let text = String(validating: data, as: UTF8.self) {
            return DecodedText(text: text, charset: charset, source: .byteOrderMark)
        }
        guard let decoded = Iconv.decode(data, from: charset, lossy: true) else {
            throw .undecodable(location: location, charset: charset)
        }
        return DecodedText(text: decoded.text, charset: charset, source: .byteOrderMark,
                           replacements: decoded.replacements)
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

    /// Damaged pages (a title cut inside a GBK character): keep the text, mark what was lost.
    private static func decodeLossily(_ data: Data, candidates: [String], location: String) throws(DecodeError) -> DecodedText {
        var best: DecodedText?
        var seen: Set<String> = []
        for charset in candidates + [Charset.utf8, Charset.gb18030] where seen.insert(charset).inserted {
            guard let decoded = Iconv.decode(data, from: charset, lossy: true) else { continue }
            if best == nil || decoded.replacements < best!.replacements {
                best = DecodedText(text: decoded.text, charset: charset, source: .lossy,
                                   replacements: decoded.replacements)
            }
        }
        // More than one bad byte in a hundred is not a damaged page but the wrong charset or binary.
        guard let best, best.replacements * 100 <= max(data.count, 1) else {
            throw .undecodable(location: location, charset: candidates.first)
        }
        return best
    }
}
