import Foundation
import Markup

/// What must hold for any sanitized output, judged by re-parsing it with libxml2
/// (Tests/Fixtures/README.md, xss/). Shared by the sanitizer's tests and its fuzz harness.
public enum SafetyCheck {
    public static let forbiddenElements: Set<String> = [
        "script", "style", "iframe", "object", "embed", "form", "frame", "frameset", "applet", "svg", "math",
        "base", "link", "meta", "noscript", "template", "textarea", "input", "button", "select",
    ]

    /// The problems found in `html`; empty when it is safe.
    public static func problems(in html: String) -> [String] {
        guard !html.isEmpty else { return [] }
        guard let document = try? Document(html: html) else { return ["output does not parse"] }
        let tree = FlatTree(document: document)
        var found: [String] = []
        for index in 0..<tree.count where tree.kinds[index] == .element {
            let name = tree.names[index]
            if forbiddenElements.contains(name) { found.append("element <\(name)>") }
            for attribute in tree.attributes(at: index) {
                let key = attribute.name.lowercased()
                if key.hasPrefix("on") { found.append("attribute \(key) on <\(name)>") }
                if key == "style" { found.append("style attribute on <\(name)>") }
                let value = attribute.value.unicodeScalars.filter { $0.value > 0x20 }.map(String.init).joined()
                    .lowercased()
                let scheme = Self.scheme(of: value)
                if scheme == "javascript" || scheme == "vbscript" || value.hasPrefix("javascript:")
                    || (key == "srcset" && value.contains("javascript:")) {
                    found.append("script URL in \(key) on <\(name)>")
                }
                if scheme == "data" && !value.hasPrefix("data:image/") {
                    found.append("data URL in \(key) on <\(name)>")
                }
            }
        }
        return found
    }

    /// The scheme a browser would read (blanks and controls already removed): the letters before the
    /// first `:` that comes ahead of any `/`, `?` or `#`. `https://a/#x;javascript:y` is an https link,
    /// whatever its fragment says.
    static func scheme(of value: String) -> String? {
        guard let colon = value.firstIndex(of: ":") else { return nil }
        let head = value[..<colon]
        guard !head.isEmpty, !head.contains(where: { "/?#".contains($0) }) else { return nil }
        return String(head)
    }
}
