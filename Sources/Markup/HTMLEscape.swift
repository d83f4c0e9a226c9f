/// The one escaper for HTML written by hand (paragraphs built from plain text, the sanitizer's output,
/// the index page). Markup that goes through libxml2's writer is escaped there instead.
///
/// Characters XML 1.0 forbids (§2.2: C0 controls other than tab, newline and carriage return, lone
/// surrogates, U+FFFE/U+FFFF) are dropped: this HTML ends up inside feeds, and one such character
/// makes a whole feed unreadable.
public enum HTMLEscape {
    /// For text content: `&`, `<` and `>`.
    public static func text(_ text: String) -> String {
        escape(text, quotes: false)
    }

    /// For attribute values, and anywhere a quote could close one: also `"` and `'`.
    public static func attribute(_ text: String) -> String {
        escape(text, quotes: true)
    }

    /// `text(_:)` on UTF-8 bytes, appended to `output`: for writers that build their output as bytes.
    /// Only ASCII is rewritten, so a multi-byte character is never cut.
    public static func appendText(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, to output: inout [UInt8]) {
        for byte in bytes {
            switch byte {
            case 0x26: output.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])        // &amp;
            case 0x3C: output.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])              // &lt;
            case 0x3E: output.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])              // &gt;
            case 0x09, 0x0A, 0x0D: output.append(byte)
            case 0..<0x20: continue
            default: output.append(byte)
            }
        }
    }

    private static func escape(_ text: String, quotes: Bool) -> String {
        guard text.unicodeScalars.contains(where: { needsWork($0) }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result.append(contentsOf: "&amp;".unicodeScalars)
            case "<": result.append(contentsOf: "&lt;".unicodeScalars)
            case ">": result.append(contentsOf: "&gt;".unicodeScalars)
            case "\"" where quotes: result.append(contentsOf: "&quot;".unicodeScalars)
            case "'" where quotes: result.append(contentsOf: "&#39;".unicodeScalars)
            default: if isAllowedInXML(scalar) { result.append(scalar) }
            }
        }
        return String(result)
    }

    private static func needsWork(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "&", "<", ">", "\"", "'": true
        default: !isAllowedInXML(scalar)
        }
    }

    /// Whether XML 1.0 allows the character at all (§2.2).
    public static func isAllowedInXML(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
