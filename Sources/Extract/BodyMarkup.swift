import Markup

/// The chosen body written back as HTML from the parsed page, as found: every element with its
/// attributes and text, minus the subtrees left out (site removals, noise) and everything from the
/// trailing-section cut on. It is not sanitized: the refresh's preparation stage does that, once.
/// Beside it, the visible text of the same nodes, one line per block, for the extractor's own
/// decisions (is there an article at all, a dated line in the body).
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

    init(_ tree: FlatTree, root: Int, stop: Int?, hidden: [Bool], skip: (Int) -> Bool) {
        var line: [String] = []
        var lines: [String] = []
        func endLine() {
            let joined = line.joined().split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if !joined.isEmpty { lines.append(joined) }
            line.removeAll(keepingCapacity: true)
        }
        var open: [(end: Int, close: String?)] = []
        let end = min(Int(tree.subtreeEnd[root]), stop ?? Int.max)
        var index = root
        while index < end {
            while let last = open.last, last.end <= index {
                if let close = open.removeLast().close { html.append(contentsOf: close.utf8) }
            }
            switch tree.kinds[index] {
            case .text:
                var content = tree.texts[index]
                content.withUTF8 { HTMLEscape.appendText($0[...], to: &html) }
                if !hidden[index] { line.append(content) }
                index += 1
            case .other:
                index += 1
            case .element:
                let subtreeEnd = Int(tree.subtreeEnd[index])
                if skip(index) { index = subtreeEnd; continue }
                let name = tree.names[index]
                if Self.blocks.contains(name) { endLine() }
                guard Self.isName(name) else {
                    open.append((subtreeEnd, nil))
                    index += 1
                    continue
                }
                html.append(contentsOf: "<\(name)".utf8)
                tree.forEachAttribute(at: index) { attribute, value in
                    guard Self.isName(attribute) else { return }
                    html.append(contentsOf: " ".utf8)
                    html.append(contentsOf: attribute)
                    html.append(contentsOf: "=\"\(HTMLEscape.attribute(value()))\"".utf8)
                }
                html.append(0x3E)
                let isVoid = Self.voidElements.contains(name)
                open.append((subtreeEnd, isVoid ? nil : "</\(name)>"))
                index += 1
            }
        }
        while let last = open.popLast() {
            if let close = last.close { html.append(contentsOf: close.utf8) }
        }
        endLine()
        text = lines.joined(separator: "\n")
    }

    var htmlString: String { String(decoding: html, as: UTF8.self) }

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
