import CLibXML2
import Foundation

/// Streams XML through libxml2's xmlTextWriter, which escapes text and attribute values.
///
/// Characters XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF; §2.2) are dropped
/// first: libxml2 would write them and every strict reader would then reject the feed.
public final class XMLWriter {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr

    public init(indent: Bool = true) {
        buffer = xmlBufferCreate()
        writer = xmlNewTextWriterMemory(buffer, 0)
        if indent {
            xmlTextWriterSetIndent(writer, 1)
            xmlTextWriterSetIndentString(writer, "  ")
        }
        xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil)
    }

    deinit {
        xmlFreeTextWriter(writer)
        xmlBufferFree(buffer)
    }

    public func start(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        xmlTextWriterStartElement(writer, name)
        for (key, value) in attributes {
            if let value { attribute(key, value) }
        }
    }

    public func attribute(_ name: String, _ value: String) {
        xmlTextWriterWriteAttribute(writer, name, Self.xmlSafe(value))
    }

    public func text(_ value: String) {
        xmlTextWriterWriteString(writer, Self.xmlSafe(value))
    }

    public func end() {
        xmlTextWriterEndElement(writer)
    }

    /// `<name attrs>text</name>`; a nil text writes nothing at all.
    public func element(_ name: String, _ text: String?, _ attributes: KeyValuePairs<String, String?> = [:]) {
        guard let text else { return }
        start(name, attributes)
        self.text(text)
        end()
    }

    /// `<name attrs/>`
    public func empty(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        start(name, attributes)
        xmlTextWriterEndElement(writer)
    }

    /// Finishes the document and returns its bytes.
    public func finish() -> Data {
        xmlTextWriterEndDocument(writer)
        xmlTextWriterFlush(writer)
        guard let content = xmlBufferContent(buffer) else { return Data() }
        return Data(bytes: content, count: Int(xmlBufferLength(buffer)))
    }

    public static func xmlSafe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !isAllowed($0) }) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.filter(isAllowed))
        return String(scalars)
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
