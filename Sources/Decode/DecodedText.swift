/// Text decoded from fetched or read bytes, with the charset used and how it was chosen.
public struct DecodedText: Sendable, Equatable {
    public var text: String
    /// The canonical name of the charset the bytes were decoded with: `UTF-8`, `GB18030`, `BIG5-HKSCS`, ….
    public var charset: String
    public var source: CharsetSource
    /// Bytes left out because no character could be made of them; nil unless every strict decoding
    /// failed. The caller reports it as a warning: the document was read, but not all of it.
    public var damage: DecodeDamage?

    public init(text: String, charset: String, source: CharsetSource, damage: DecodeDamage? = nil) {
        self.text = text
        self.charset = charset
        self.source = source
        self.damage = damage
    }
}

/// Damaged bytes (a two-byte character cut in half, a truncated UTF-8 sequence) dropped while decoding.
/// Dropped rather than shown as U+FFFD: a reader should not see a replacement mark where a byte was lost.
public struct DecodeDamage: Sendable, Equatable, CustomStringConvertible {
    public var droppedBytes: Int
    /// Offset of the first dropped byte in the document as given (a byte order mark included).
    public var firstOffset: Int

    public init(droppedBytes: Int, firstOffset: Int) {
        self.droppedBytes = droppedBytes
        self.firstOffset = firstOffset
    }

    public var description: String {
        "\(droppedBytes) damaged byte\(droppedBytes == 1 ? "" : "s") dropped, the first at byte \(firstOffset)"
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
    /// No strict decoding succeeded; the charset that had to drop the fewest damaged bytes was used.
    case lossy
}
