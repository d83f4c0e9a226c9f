import Markup

/// The chosen body written back as HTML from the parsed page, as found: every element with its
/// attributes and text, minus the subtrees left out (site removals, noise) and everything from the
/// trailing-section cut on. It is not sanitized: the refresh's preparation stage does that, once.
/// Beside it, the visible text of the same nodes, one line per block, for the extractor's own
/// decisions (is there an article at all, a dated line in the body).
///
/// Both are written as UTF-8 bytes: this runs over the whole body of every page, and building
/// `String`s piece by piece (and splitting them by `Character`) was a large part of the time.
struct BodyMarkup {
    private(set) var html: [UInt8] = []
    private(set) var text = ""

    static let voidElements: Set<String> = [
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen",
        "link", "meta", "param", "source", "track", "wbr",
    ]
    static let blocks: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
        "tr", "td", "th", "section", "article", "header", "footer", "figure", "figcaption", "hr", "dd", "dt",
        "main", "aside", "center", "address",
    ]

    init(_ tree: FlatTree, root: Int, stop: Int?, hidden: [Bool], traits: [NameTraits], skip: (Int) -> Bool) {
        // The visible text of the current block, and the lines (blanks collapsed) written so far.
        var line: [UInt8] = []
        var lines: [UInt8] = []
        func endLine() {
            LineText.appendCollapsed(line, to: &lines)
            line.removeAll(keepingCapacity: true)
        }
        // Open elements: where each one's subtree ends, and the element to close there (-1: none).
        var open: [(end: Int, element: Int)] = []
        func close(_ element: Int) {
            guard element >= 0 else { return }
            html.append(contentsOf: [0x3C, 0x2F])   // </
            html.append(contentsOf: tree.names[element].utf8)
            html.append(0x3E)
        }
        html.reserveCapacity(4096)
        let end = min(Int(tree.subtreeEnd[root]), stop ?? Int.max)
        var index = root
        while index < end {
            while let last = open.last, last.end <= index {
                close(open.removeLast().element)
            }
            switch tree.kinds[index] {
            case .text:
                var content = tree.texts[index]
                content.withUTF8 { bytes in
                    HTMLEscape.appendText(bytes[...], to: &html)
                    if !hidden[index] { line.append(contentsOf: bytes) }
                }
                index += 1
            case .other:
                index += 1
            case .element:
                let subtreeEnd = Int(tree.subtreeEnd[index])
                if skip(index) { index = subtreeEnd; continue }
                let traits = traits[index]
                if traits.contains(.lineBlock) { endLine() }
                guard traits.contains(.writable) else {
                    open.append((subtreeEnd, -1))
                    index += 1
                    continue
                }
                html.append(0x3C)   // <
                html.append(contentsOf: tree.names[index].utf8)
                tree.forEachAttribute(at: index) { attribute, value in
                    guard Self.isName(attribute) else { return }
                    html.append(0x20)
                    html.append(contentsOf: attribute)
                    html.append(contentsOf: [0x3D, 0x22])   // ="
                    var value = value()
                    value.withUTF8 { Self.appendAttributeEscaped($0, to: &html) }
                    html.append(0x22)
                }
                html.append(0x3E)
                open.append((subtreeEnd, traits.contains(.void) ? -1 : index))
                index += 1
            }
        }
        while let last = open.popLast() {
            close(last.element)
        }
        endLine()
        text = String(decoding: lines, as: UTF8.self)
    }

    var htmlString: String { String(decoding: html, as: UTF8.self) }

    /// `HTMLEscape.attribute(_:)` on UTF-8 bytes, appended: `&`, `<`, `>`, `"` and `'` as references,
    /// and the characters XML 1.0 forbids dropped (C0 controls other than tab, newline and carriage
    /// return; U+FFFE and U+FFFF; valid UTF-8 holds no surrogates).
    static func appendAttributeEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var position = 0
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case 0x26: output.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])               // &amp;
            case 0x3C: output.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])                     // &lt;
            case 0x3E: output.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])                     // &gt;
            case 0x22: output.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])         // &quot;
            case 0x27: output.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B])               // &#39;
            case 0x09, 0x0A, 0x0D: output.append(byte)
            case 0..<0x20: break
            case 0xEF where position + 2 < bytes.count && bytes[position + 1] == 0xBF
                && (bytes[position + 2] == 0xBE || bytes[position + 2] == 0xBF):
                position += 2   // U+FFFE, U+FFFF
            default: output.append(byte)
            }
            position += 1
        }
    }

    /// Element and attribute names as HTML writes them; anything else (a quote, `=`, `<` in a name
    /// from a broken page) would change the structure when read back, so it is left out.
    static func isName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy(isNameByte)
    }

    static func isName(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy(isNameByte)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: ":"),
             UInt8(ascii: "."):
            true
        default:
            false
        }
    }
}
