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
    /// What each element's name makes it (empty for text and other nodes).
    private(set) var traits: [NameTraits]

    init(_ tree: FlatTree) {
        classes = Array(repeating: nil, count: tree.count)
        ids = Array(repeating: nil, count: tree.count)
        itemprops = Array(repeating: nil, count: tree.count)
        concealed = Array(repeating: false, count: tree.count)
        traits = Array(repeating: [], count: tree.count)
        var memo = NameTraits.Memo()
        for index in 0..<tree.count where tree.kinds[index] == .element {
            traits[index] = memo.traits(of: tree.names[index])
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
            // The declarations lowercased and without blanks, one at a time (at most 24 bytes of each,
            // and the 0 that marks `!`), in a buffer on the stack: every inline style of a page is read.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { declaration in
                var count = 0
                func matches(_ wanted: [UInt8]) -> Bool {
                    count == wanted.count && (0..<count).allSatisfy { declaration[$0] == wanted[$0] }
                }
                for position in 0...bytes.count {
                    let byte = position < bytes.count ? bytes[position] : UInt8(ascii: ";")
                    if byte == UInt8(ascii: ";") || byte == UInt8(ascii: "!") {
                        if matches(displayNone) || matches(visibilityHidden) { return true }
                        if byte == UInt8(ascii: ";") {
                            count = 0
                        } else if count < 32 {
                            declaration[count] = 0
                            count += 1
                        }
                        continue
                    }
                    if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C { continue }
                    if count < 24 {
                        declaration[count] = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
                        count += 1
                    }
                }
                return false
            }
        }
    }

    private static let displayNone = Array("display:none".utf8)
    private static let visibilityHidden = Array("visibility:hidden".utf8)

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        name.withUTF8Buffer { $0.elementsEqual(bytes) }
    }
}
