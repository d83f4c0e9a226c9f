import CLibXML2
import Foundation

/// A node of a `Document`. It keeps its document alive, so it may outlive the variable that held it.
public struct Node {
    public enum Kind: Sendable { case element, text, comment, other }

    let pointer: xmlNodePtr
    public let document: Document

    init(pointer: xmlNodePtr, document: Document) {
        self.pointer = pointer
        self.document = document
    }

    public var kind: Kind {
        switch pointer.pointee.type {
        case XML_ELEMENT_NODE: .element
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: .text
        case XML_COMMENT_NODE: .comment
        default: .other
        }
    }

    /// The local name; lowercase for HTML, as libxml2's HTML parser folds it.
    public var name: String {
        pointer.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// The namespace URI of an element, if any.
    public var namespaceURI: String? {
        pointer.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) }
    }

    public var parent: Node? {
        guard let parent = pointer.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return Node(pointer: parent, document: document)
    }

    public var children: [Node] {
        var result: [Node] = []
        var child = pointer.pointee.children
        while let current = child {
            result.append(Node(pointer: current, document: document))
            child = current.pointee.next
        }
        return result
    }

    public var elementChildren: [Node] { children.filter { $0.kind == .element } }

    public var nextSibling: Node? { pointer.pointee.next.map { Node(pointer: $0, document: document) } }

    /// The text of this node and all below it.
    public var text: String {
        guard let content = xmlNodeGetContent(pointer) else { return "" }
        defer { finews_xml_free(content) }
        return String(cString: content)
    }

    /// An attribute's value; for HTML the name is matched as libxml2 stores it (lowercase).
    public func attribute(_ name: String) -> String? {
        guard let value = xmlGetProp(pointer, name) else { return nil }
        defer { finews_xml_free(value) }
        return String(cString: value)
    }

    /// All attributes in document order (namespace prefixes dropped).
    public var attributes: [(name: String, value: String)] {
        var result: [(String, String)] = []
        var attribute = pointer.pointee.properties
        while let current = attribute {
            let name = String(cString: current.pointee.name)
            if let value = xmlNodeListGetString(pointer.pointee.doc, current.pointee.children, 1) {
                result.append((name, String(cString: value)))
                finews_xml_free(value)
            } else {
                result.append((name, ""))
            }
            attribute = current.pointee.next
        }
        return result
    }

    public func xpath(_ expression: String, namespaces: [String: String] = [:]) throws(MarkupError) -> [Node] {
        try document.xpath(expression, from: self, namespaces: namespaces)
    }

    /// The node serialised with its own tag, as HTML or XML after the document's kind.
    public var outerMarkup: String {
        guard let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        switch document.kind {
        case .html: htmlNodeDump(buffer, document.pointer, pointer)
        case .xml: xmlNodeDump(buffer, document.pointer, pointer, 0, 0)
        }
        guard let content = xmlBufferContent(buffer) else { return "" }
        return String(cString: content)
    }

    /// The children serialised, without this node's own tag.
    public var innerMarkup: String {
        children.map(\.outerMarkup).joined()
    }
}
