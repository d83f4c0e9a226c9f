import Foundation
import Markup

/// Plain text of an HTML fragment: one line per block, whitespace collapsed inside a line.
public enum HTMLText {
    static let blocks: Set<String> = [
        "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "blockquote", "pre",
        "figcaption", "section", "article", "table", "ul", "ol", "figure", "header", "footer",
    ]

    public static func plainText(fromHTML html: String) -> String {
        guard let document = try? Document(html: "<div>" + html + "</div>"),
              let wrapper = try? document.xpath("//body/div").first else { return "" }
        var lines: [String] = []
        var current = ""
        func flush() {
            let line = current.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            if !line.isEmpty { lines.append(line) }
            current = ""
        }
        func walk(_ node: Node) {
            switch node.kind {
            case .text: current += node.text
            case .element:
                let isBlock = blocks.contains(node.name)
                if isBlock { flush() }
                if node.name != "script" && node.name != "style" { node.children.forEach(walk) }
                if isBlock { flush() }
            default: break
            }
        }
        walk(wrapper)
        flush()
        return lines.joined(separator: "\n")
    }
}
