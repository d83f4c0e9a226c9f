import CLibXML2

extension Document {
    /// Parses HTML straight from the UTF-8 storage of `text`, with the options of `init(html:url:)`.
    /// That initializer copies a String into `Data` first: for a page of a few hundred kilobytes a
    /// fresh buffer, faulted in page by page, on every article.
    public convenience init(htmlText text: String, url: String? = nil) throws(MarkupError) {
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        var text = text
        let doc = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress, Int32(clamping: chars.count), url, "UTF-8", options)
            }
        }
        guard let doc else { throw .unparsable(kind: "HTML", url: url) }
        self.init(pointer: doc, kind: .html)
    }
}
