import Foundation
import Markup

/// Atom text constructs (RFC 4287 §3.1, and Atom 0.3's `mode`) as HTML.
enum AtomText {
    static func html(_ node: Node) -> String {
        let type = (node.attribute("type") ?? "text").lowercased()
        switch node.attribute("mode")?.lowercased() {
        case "escaped": return node.text
        case "base64":
            let decoded = Data(base64Encoded: node.text, options: .ignoreUnknownCharacters)
            return decoded.map { String(decoding: $0, as: UTF8.self) } ?? ""
        case "xml": return node.innerMarkup
        default: break
        }
        if type == "html" || type == "text/html" { return node.text }
        if type == "xhtml" || type.hasSuffix("xml") {
            return node.elementChildren.first { $0.name == "div" }?.innerMarkup ?? node.innerMarkup
        }
        return HTMLEscape.text(node.text)
    }
}

/// Titles are plain text; feeds that put markup in them get it stripped.
enum HTMLTitle {
    static func plain(_ html: String) -> String {
        VisibleText.of(html: html)
    }
}
