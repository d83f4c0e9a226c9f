import CLibXML2
import Foundation

extension FlatTree {
    /// The value of the attribute `name` (lowercase, as libxml2's HTML parser folds names) of the
    /// element at `index`, read from libxml2's attribute list directly.
    ///
    /// `attribute(_:at:)` goes through `xmlGetProp`, which for every attribute a node lacks also
    /// searches the DTD of the document for a default value (libxml2's `xmlCheckDTD` is on) and copies
    /// the value twice. The extractor asks every element of a page for `class`, `id` and `itemprop`,
    /// most of which have none: that search was the largest part of its own time.
    public func attributeValue(_ name: String, at index: Int) -> String? {
        guard kinds[index] == .element, var property = node(at: index).pointer.pointee.properties else {
            return nil
        }
        return name.withCString { wanted -> String? in
            while true {
                if let own = property.pointee.name,
                   strcmp(UnsafeRawPointer(own).assumingMemoryBound(to: CChar.self), wanted) == 0 {
                    return Self.value(of: property)
                }
                guard let next = property.pointee.next else { return nil }
                property = next
            }
        }
    }

    fileprivate static func value(of property: xmlAttrPtr) -> String {
        guard let child = property.pointee.children else { return "" }   // `<td nowrap>`
        if child.pointee.type == XML_TEXT_NODE, child.pointee.next == nil {
            return child.pointee.content.map { String(cString: $0) } ?? ""
        }
        guard let joined = xmlNodeListGetString(property.pointee.doc, child, 1) else { return "" }
        defer { finews_xml_free(joined) }
        return String(cString: joined)
    }
}

extension FlatTree {
    /// Calls `body` with the name (lowercase UTF-8, without the terminating zero) of each attribute of
    /// the element at `index`; `value` reads that attribute's value when asked. One walk of the list for
    /// callers that want several attributes of every element.
    public func forEachAttribute(at index: Int,
                                 _ body: (_ name: UnsafeBufferPointer<UInt8>, _ value: () -> String) -> Void) {
        guard kinds[index] == .element else { return }
        var property = node(at: index).pointer.pointee.properties
        while let current = property {
            if let name = current.pointee.name {
                body(UnsafeBufferPointer(start: name, count: strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))),
                     { Self.value(of: current) })
            }
            property = current.pointee.next
        }
    }
}
