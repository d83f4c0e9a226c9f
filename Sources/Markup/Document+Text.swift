import CLibXML2

extension Document {
    /// Parses HTML straight from the UTF-8 storage of `text`, with the options of `init(html:url:)`.
    /// That initializer copies a String into `Data` first: for a page of a few hundred kilobytes a
    /// fresh buffer, faulted in page by page, on every article.
    /// `inArena`: see `parseHTML`.
    public convenience init(htmlText text: String, url: String? = nil, inArena: Bool = false) throws(MarkupError) {
        var text = text
        let parsed = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                Self.parseHTML(chars.baseAddress, count: Int32(clamping: chars.count), url: url, inArena: inArena)
            }
        }
        guard let (doc, arena) = parsed else { throw .unparsable(kind: "HTML", url: url) }
        self.init(pointer: doc, kind: .html, arena: arena)
    }
}
