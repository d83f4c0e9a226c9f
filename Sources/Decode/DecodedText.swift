/// Text decoded from fetched or read bytes, with the charset used and how it was chosen.
public struct DecodedText: Sendable, Equatable {
    public var text: String
    /// The canonical name of the charset the bytes were decoded with: `UTF-8`, `GB18030`, `BIG5-HKSCS`, ….
    public var charset: String
    public var source: CharsetSource
    /// Invalid byte sequences replaced by U+FFFD. Zero unless every strict decoding failed (damaged bytes).
    public var replacements: Int

    public init(text: String, charset: String, source: CharsetSource, replacements: Int = 0) {
        self.text = text
        self.charset = charset
        self.source = source
        self.replacements = replacements
    }
}

/// How the charset of a document was decided.
public enum CharsetSource: Sendable, Equatable {
    case byteOrderMark
    case httpHeader
    case xmlDeclaration
    case metaTag
    /// A legacy charset was declared but the bytes are valid UTF-8 with non-ASCII text.
    case utf8OverDeclared(declared: String)
    /// Nothing usable was declared (or the declaration was wrong): strict UTF-8, then strict GB18030.
    case detected
    /// No strict decoding succeeded; the charset that needed the fewest replacements was used.
    case lossy
}
