import Foundation
import Markup

/// The `class`, `id` and `itemprop` of every element, read in one walk over the tree: the body scorer
/// and the metadata reader ask each element for them, and one walk of each attribute list is cheaper
/// than one per question.
struct ElementAttributes {
    private(set) var classes: [String?]
    private(set) var ids: [String?]
    private(set) var itemprops: [String?]
    /// Elements the page itself keeps out of sight: the `hidden` attribute, `aria-hidden="true"`, an
    /// inline `display:none` or `visibility:hidden`. Templates print alternate views and player
    /// fallbacks this way; a reader sees none of it.
    private(set) var concealed: [Bool]

    init(_ tree: FlatTree) {
        classes = Array(repeating: nil, count: tree.count)
        ids = Array(repeating: nil, count: tree.count)
        itemprops = Array(repeating: nil, count: tree.count)
        concealed = Array(repeating: false, count: tree.count)
        for index in 0..<tree.count where tree.kinds[index] == .element {
            tree.forEachAttribute(at: index) { name, value in
                switch name.count {
                case 5 where Self.equal(name, "class"): classes[index] = value()
                case 2 where Self.equal(name, "id"): ids[index] = value()
                case 8 where Self.equal(name, "itemprop"): itemprops[index] = value()
                case 6 where Self.equal(name, "hidden"): concealed[index] = true
                case 5 where Self.equal(name, "style"): if Self.hidesElement(value()) { concealed[index] = true }
                case 11 where Self.equal(name, "aria-hidden"):
                    if value().trimmingCharacters(in: .whitespaces).lowercased() == "true" { concealed[index] = true }
                default: break
                }
            }
        }
    }

    /// Whether an inline style declares `display: none` or `visibility: hidden` (CSS 2.1 §9.2.4, §11.2),
    /// blanks and case aside.
    static func hidesElement(_ style: String) -> Bool {
        var style = style
        return style.withUTF8 { bytes in
            // The declarations lowercased and without blanks, one at a time.
            var declaration: [UInt8] = []
            declaration.reserveCapacity(24)
            for position in 0...bytes.count {
                let byte = position < bytes.count ? bytes[position] : UInt8(ascii: ";")
                if byte == UInt8(ascii: ";") || byte == UInt8(ascii: "!") {
                    if declaration == displayNone || declaration == visibilityHidden { return true }
                    if byte == UInt8(ascii: ";") { declaration.removeAll(keepingCapacity: true) } else { declaration.append(0) }
                    continue
                }
                if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C { continue }
                if declaration.count < 24 { declaration.append((0x41...0x5A).contains(byte) ? byte | 0x20 : byte) }
            }
            return false
        }
    }

    private static let displayNone = Array("display:none".utf8)
    private static let visibilityHidden = Array("visibility:hidden".utf8)

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        name.withUTF8Buffer { $0.elementsEqual(bytes) }
    }
}
