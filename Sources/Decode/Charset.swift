/// Charset labels as sites write them, mapped to the name the decoder uses.
///
/// Chinese sites label GBK pages `gb2312` (a strict subset) and Big5 pages `big5` while using the
/// extensions; decoding them as the supersets GB18030 and Big5-HKSCS loses nothing and avoids false
/// decoding failures (WHATWG Encoding Standard maps the same labels to gb18030/Big5 for that reason).
enum Charset {
    static let utf8 = "UTF-8"
    static let gb18030 = "GB18030"
    static let big5 = "BIG5-HKSCS"

    private static let aliases: [String: String] = [
        "utf-8": utf8, "utf8": utf8, "unicode-1-1-utf-8": utf8, "x-unicode20utf8": utf8,
        "gb2312": gb18030, "gbk": gb18030, "x-gbk": gb18030, "gb18030": gb18030, "cp936": gb18030,
        "windows-936": gb18030, "gb_2312-80": gb18030, "gb_2312": gb18030, "csgb2312": gb18030,
        "chinese": gb18030, "iso-ir-58": gb18030, "euc-cn": gb18030, "x-euc-cn": gb18030,
        "big5": big5, "big5-hkscs": big5, "big5hkscs": big5, "cn-big5": big5, "csbig5": big5,
        "x-x-big5": big5, "cp950": big5,
        // WHATWG: these labels mean windows-1252, which browsers have always used for them.
        "iso-8859-1": "WINDOWS-1252", "latin1": "WINDOWS-1252", "l1": "WINDOWS-1252", "ascii": "WINDOWS-1252",
        "us-ascii": "WINDOWS-1252", "windows-1252": "WINDOWS-1252", "cp1252": "WINDOWS-1252",
        "utf-16le": "UTF-16LE", "utf-16be": "UTF-16BE",
    ]

    /// The decoder's name for a declared label, or nil when neither the table nor iconv knows it.
    static func canonical(_ label: String) -> String? {
        let key = label.trimmingASCIIWhitespaceAndQuotes().lowercased()
        guard !key.isEmpty else { return nil }
        if let known = aliases[key] { return known }
        // "utf-16" in a document that is readable as ASCII is a lie (WHATWG); a BOM would have said so.
        if key == "utf-16" { return utf8 }
        return Iconv.supports(key.uppercased()) ? key.uppercased() : nil
    }

    /// Charsets whose labels are often stale on UTF-8 pages.
    static func isLegacy(_ name: String) -> Bool { name != utf8 && !name.hasPrefix("UTF-") }
}

extension String {
    func trimmingASCIIWhitespaceAndQuotes() -> String {
        let drop: Set<Character> = [" ", "\t", "\r", "\n", "\"", "'"]
        var slice = Substring(self)
        while let first = slice.first, drop.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, drop.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
