import Foundation
import Markup

/// Makes article HTML safe to render in a feed reader.
///
/// Interim policy of the spine: drop script-like elements with their content and every `on*`/`style`
/// attribute and `javascript:` URL. The extraction issue replaces this with the full allowlist.
public struct Sanitizer: Sendable {
    public let baseURL: String?

    public init(baseURL: String? = nil) {
        self.baseURL = baseURL
    }

    static let droppedWithContent: Set<String> = [
        "script", "style", "iframe", "object", "embed", "form", "noscript", "template", "link", "meta",
        "frame", "frameset", "applet", "base", "svg", "math",
    ]

    public func sanitize(html: String) -> String {
        guard let document = try? Document(html: "<div>" + html + "</div>"),
              let wrapper = try? document.xpath("//body/div").first else { return "" }
        return wrapper.children.map(render).joined()
    }

    private func render(_ node: Node) -> String {
        switch node.kind {
        case .text: return Self.escape(node.text)
        case .comment, .other: return ""
        case .element:
            let name = node.name
            if Self.droppedWithContent.contains(name) { return "" }
            let inner = node.children.map(render).joined()
            let attributes = node.attributes.compactMap { attribute -> String? in
                let key = attribute.name.lowercased()
                if key.hasPrefix("on") || key == "style" { return nil }
                let value = attribute.value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
                if ["href", "src", "action", "formaction", "poster"].contains(key),
                   value.hasPrefix("javascript:") || value.hasPrefix("vbscript:") || value.hasPrefix("data:") {
                    return nil
                }
                return " \(key)=\"\(Self.escape(attribute.value, quote: true))\""
            }.joined()
            if Self.voidElements.contains(name) { return "<\(name)\(attributes)>" }
            return "<\(name)\(attributes)>\(inner)</\(name)>"
        }
    }

    static let voidElements: Set<String> = ["br", "img", "hr", "wbr", "col", "source", "area", "input"]

    static func escape(_ text: String, quote: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quote: out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
