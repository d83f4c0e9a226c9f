import Markup

/// The `class`, `id` and `itemprop` of every element, read in one walk over the tree: the body scorer
/// and the metadata reader ask each element for them, and one walk of each attribute list is cheaper
/// than one per question.
struct ElementAttributes {
    private(set) var classes: [String?]
    private(set) var ids: [String?]
    private(set) var itemprops: [String?]

    init(_ tree: FlatTree) {
        classes = Array(repeating: nil, count: tree.count)
        ids = Array(repeating: nil, count: tree.count)
        itemprops = Array(repeating: nil, count: tree.count)
        for index in 0..<tree.count where tree.kinds[index] == .element {
            tree.forEachAttribute(at: index) { name, value in
                switch name.count {
                case 5 where Self.equal(name, "class"): classes[index] = value()
                case 2 where Self.equal(name, "id"): ids[index] = value()
                case 8 where Self.equal(name, "itemprop"): itemprops[index] = value()
                default: break
                }
            }
        }
    }

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        name.withUTF8Buffer { $0.elementsEqual(bytes) }
    }
}
