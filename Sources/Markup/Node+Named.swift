import CLibXML2

extension Node {
    /// The element children whose local name is `name`, in document order. Names are compared as
    /// libxml2 holds them (bytes), so the children of other names cost no `Node` and no `String`: a
    /// feed item's fields are a dozen such lookups among a dozen children.
    public func elementChildren(named name: String) -> [Node] {
        var result: [Node] = []
        name.withCString { wanted in
            let wantedName = UnsafeRawPointer(wanted).assumingMemoryBound(to: xmlChar.self)
            var child = pointer.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE, xmlStrEqual(current.pointee.name, wantedName) == 1 {
                    result.append(Node(pointer: current, document: document))
                }
                child = current.pointee.next
            }
        }
        return result
    }
}
