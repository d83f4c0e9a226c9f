import CLibXML2

/// A read-only snapshot of a parsed tree in arrays, in document (pre-order) order.
///
/// Extraction and sanitizing look at every node several times; walking libxml2's linked nodes through
/// `Node` would allocate arrays and copy strings at each step, and recursion over the tree overflows
/// the stack on hostile pages nested thousands deep. Here the tree is read once, iteratively, and a
/// node's subtree is the index range `index ..< subtreeEnd[index]`, so bottom-up sums are one reverse loop.
public struct FlatTree {
    public enum Kind: UInt8, Sendable { case element, text, other }

    public let document: Document
    public private(set) var kinds: [Kind] = []
    /// Lowercase local name of elements; "" for other nodes.
    public private(set) var names: [String] = []
    /// Content of text nodes; "" for other nodes.
    public private(set) var texts: [String] = []
    /// Index of the parent, -1 for the snapshot's root.
    public private(set) var parents: [Int32] = []
    /// One past the last index of the node's subtree.
    public private(set) var subtreeEnd: [Int32] = []
    /// Element depth below the snapshot's root (the root is 0).
    public private(set) var depths: [Int32] = []
    private var pointers: [xmlNodePtr] = []

    public var count: Int { kinds.count }

    /// Snapshot of the document's root element and everything below it; empty when there is none.
    public init(document: Document) {
        self.document = document
        if let root = xmlDocGetRootElement(document.pointer) { read(from: root) }
    }

    /// Snapshot of `node` and everything below it.
    public init(node: Node) {
        self.document = node.document
        read(from: node.pointer)
    }

    public func node(at index: Int) -> Node { Node(pointer: pointers[index], document: document) }

    /// The index of a node of the same document, nil when it lies outside the snapshot.
    public func index(of node: Node) -> Int? {
        pointers.firstIndex(of: node.pointer)
    }

    /// Indices of the direct children of `index`, in order.
    public func children(of index: Int) -> [Int] {
        var result: [Int] = []
        var child = index + 1
        let end = Int(subtreeEnd[index])
        while child < end {
            result.append(child)
            child = Int(subtreeEnd[child])
        }
        return result
    }

    public func attribute(_ name: String, at index: Int) -> String? {
        guard kinds[index] == .element, let value = xmlGetProp(pointers[index], name) else { return nil }
        defer { finews_xml_free(value) }
        return String(cString: value)
    }

    public func attributes(at index: Int) -> [(name: String, value: String)] {
        guard kinds[index] == .element else { return [] }
        return node(at: index).attributes
    }

    private mutating func read(from root: xmlNodePtr) {
        var open: [Int32] = []   // elements whose subtree is still being read
        var current: xmlNodePtr? = root
        while let node = current {
            let index = append(node, parent: open.last ?? -1, depth: Int32(open.count))
            if node.pointee.type == XML_ELEMENT_NODE, let child = node.pointee.children {
                open.append(index)
                current = child
                continue
            }
            subtreeEnd[Int(index)] = index + 1
            current = nil
            var climbing = node
            while climbing != root {
                if let next = climbing.pointee.next { current = next; break }
                guard let closed = open.popLast() else { break }
                subtreeEnd[Int(closed)] = Int32(kinds.count)
                guard !open.isEmpty || closed != 0, let parent = climbing.pointee.parent else { break }
                climbing = parent
            }
        }
    }

    private mutating func append(_ node: xmlNodePtr, parent: Int32, depth: Int32) -> Int32 {
        let index = Int32(kinds.count)
        pointers.append(node)
        parents.append(parent)
        depths.append(depth)
        subtreeEnd.append(index + 1)
        switch node.pointee.type {
        case XML_ELEMENT_NODE:
            kinds.append(.element)
            names.append(node.pointee.name.map { String(cString: $0) } ?? "")
            texts.append("")
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            kinds.append(.text)
            names.append("")
            texts.append(node.pointee.content.map { String(cString: $0) } ?? "")
        default:
            kinds.append(.other)
            names.append("")
            texts.append("")
        }
        return index
    }
}
