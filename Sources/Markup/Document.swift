import CLibXML2
import CXMLArena
import Foundation

/// A parsed HTML or XML document, owned by libxml2 and freed with this object.
///
/// Parsing is tolerant on purpose: news pages are broken HTML and many feeds are broken XML, and
/// libxml2's recover mode keeps what can be kept instead of rejecting the whole page.
public final class Document {
    public enum Kind: Sendable { case html, xml }

    let pointer: xmlDocPtr
    public let kind: Kind
    /// The arena the tree was allocated from, when it was parsed in one (`inArena`).
    private let arena: OpaquePointer?

    /// Parses HTML. `data` must already be UTF-8 (the Decode stage sees to that); the encoding is forced
    /// so a stale `<meta charset=gb2312>` on a UTF-8 page cannot make libxml2 re-decode it.
    /// `inArena`: see `parseHTML`.
    public convenience init(html data: Data, url: String? = nil, inArena: Bool = false) throws(MarkupError) {
        let parsed = Self.withBytes(data) { bytes, count in
            Self.parseHTML(bytes, count: count, url: url, inArena: inArena)
        }
        guard let (doc, arena) = parsed else { throw .unparsable(kind: "HTML", url: url) }
        self.init(pointer: doc, kind: .html, arena: arena)
    }

    public convenience init(html text: String, url: String? = nil) throws(MarkupError) {
        try self.init(html: Data(text.utf8), url: url)
    }

    /// Parses XML in recover mode. External entities and network access stay off (no XXE); entity
    /// expansion stays bounded by libxml2's defaults because `XML_PARSE_HUGE` is not set.
    /// `encoding` forces a charset; nil lets libxml2 follow the XML declaration.
    public convenience init(xml data: Data, url: String? = nil, encoding: String? = nil) throws(MarkupError) {
        let options = Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue
            | XML_PARSE_COMPACT.rawValue)
        guard let context = xmlNewParserCtxt() else { throw .unparsable(kind: "XML", url: url) }
        defer { xmlFreeParserCtxt(context) }
        let doc = Self.withBytes(data) { bytes, count in
            xmlCtxtReadMemory(context, bytes, count, url, encoding, options)
        }
        // libxml2 stops an entity-expansion bomb (or a reference loop) with this error and, in recover
        // mode, still hands back the part read so far: an empty feed that must not pass for one.
        if context.pointee.errNo == Int32(XML_ERR_ENTITY_LOOP.rawValue) {
            if let doc { xmlFreeDoc(doc) }
            throw .entityExpansion(url: url)
        }
        guard let doc, xmlDocGetRootElement(doc) != nil else {
            if let doc { xmlFreeDoc(doc) }
            throw .unparsable(kind: "XML", url: url)
        }
        self.init(pointer: doc, kind: .xml)
    }

    init(pointer: xmlDocPtr, kind: Kind, arena: OpaquePointer? = nil) {
        self.pointer = pointer
        self.kind = kind
        self.arena = arena
    }

    deinit {
        if let arena {
            finews_xml_arena_free_document(arena, UnsafeMutableRawPointer(pointer))
        } else {
            xmlFreeDoc(pointer)
        }
    }

    static let htmlOptions = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
        | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)

    /// Parses `count` bytes of UTF-8 HTML; in an arena when `inArena` (and one could be had), so
    /// building and freeing the tree cost a fraction of malloc's time (`CXMLArena`). A document parsed
    /// in an arena must never be changed: nothing in `Markup` changes a tree.
    static func parseHTML(_ bytes: UnsafePointer<CChar>?, count: Int32, url: String?,
                          inArena: Bool) -> (xmlDocPtr, OpaquePointer?)? {
        if inArena, let arena = finews_xml_arena_acquire() {
            guard let raw = finews_xml_arena_read_html(arena, bytes, count, url, "UTF-8", htmlOptions) else {
                finews_xml_arena_release(arena)
                return nil
            }
            return (raw.assumingMemoryBound(to: xmlDoc.self), arena)
        }
        return htmlReadMemory(bytes, count, url, "UTF-8", htmlOptions).map { ($0, nil) }
    }

    /// The most memory the arena of this document used, and whether it ran out and used malloc;
    /// nil when the document was not parsed in an arena. For tests.
    var arenaUse: (peak: Int, spilled: Bool)? {
        arena.map { (finews_xml_arena_peak($0), finews_xml_arena_spilled($0) != 0) }
    }

    public var root: Node? {
        xmlDocGetRootElement(pointer).map { Node(pointer: $0, document: self) }
    }

    /// Nodes matching an XPath 1.0 expression, evaluated from the document root or from `node`.
    /// `namespaces` binds prefixes used in the expression (`["atom": "http://www.w3.org/2005/Atom"]`).
    public func xpath(_ expression: String, from node: Node? = nil,
                      namespaces: [String: String] = [:]) throws(MarkupError) -> [Node] {
        guard let context = xmlXPathNewContext(pointer) else { throw .xpath(expression) }
        defer { xmlXPathFreeContext(context) }
        for (prefix, uri) in namespaces {
            xmlXPathRegisterNs(context, prefix, uri)
        }
        if let node { context.pointee.node = node.pointer }
        guard let result = xmlXPathEvalExpression(expression, context) else { throw .xpath(expression) }
        defer { xmlXPathFreeObject(result) }
        guard let set = result.pointee.nodesetval, set.pointee.nodeNr > 0 else { return [] }
        return (0..<Int(set.pointee.nodeNr)).compactMap { index in
            set.pointee.nodeTab[index].map { Node(pointer: $0, document: self) }
        }
    }

    private static func withBytes<T>(_ data: Data, _ body: (UnsafePointer<CChar>?, Int32) -> T) -> T {
        data.withUnsafeBytes { raw in
            body(raw.bindMemory(to: CChar.self).baseAddress, Int32(clamping: raw.count))
        }
    }
}

public enum MarkupError: Error, Equatable, CustomStringConvertible {
    case unparsable(kind: String, url: String?)
    case xpath(String)
    /// Entities that expand beyond libxml2's bounds, or refer to themselves: a "billion laughs".
    case entityExpansion(url: String?)

    public var description: String {
        switch self {
        case let .entityExpansion(url): "XML entities expand without bound (an entity bomb)" + (url.map { " (\($0))" } ?? "")
        case let .unparsable(kind, url): "\(kind) could not be parsed" + (url.map { " (\($0))" } ?? "")
        case let .xpath(expression): "invalid XPath expression: \(expression)"
        }
    }
}
