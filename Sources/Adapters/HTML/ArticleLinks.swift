import Foundation
import Markup

/// The article links of a list page: by the configured XPath expressions, else found by their shape —
/// on the same site, with an article-like path (a date or a long number in it, a page not a folder),
/// a headline for text, and outside navigation (`nav`, `header`, `footer`, menus).
package struct ArticleLinks {
    let base: URL

    package init(base: URL) {
        self.base = base
    }

    /// Absolute http(s) URLs without fragments, first occurrence first.
    package func find(in document: Document, selectors: [String]) throws(SourceError) -> [(url: String, text: String)] {
        let candidates: [(href: String, text: String)]
        if selectors.isEmpty {
            candidates = (try? document.xpath("//a[@href]"))?.compactMap { anchor in
                guard let href = anchor.attribute("href"), Self.outsideNavigation(anchor) else { return nil }
                return (href, Self.headline(anchor.text))
            } ?? []
        } else {
            candidates = try selected(in: document, by: selectors)
        }
        var seen: Set<String> = []
        var links: [(url: String, text: String)] = []
        for (href, text) in candidates {
            guard let url = absolute(href), seen.insert(url.absoluteString).inserted else { continue }
            if selectors.isEmpty && !(sameSite(url) && Self.articleLike(url) && text.count >= 5) { continue }
            links.append((url.absoluteString, text))
        }
        return links
    }

    private func selected(in document: Document, by selectors: [String]) throws(SourceError) -> [(href: String, text: String)] {
        var found: [(href: String, text: String)] = []
        for expression in selectors {
            let nodes: [Node]
            do { nodes = try document.xpath(expression) } catch {
                throw .misconfigured(source: base.absoluteString, reason: "links XPath is invalid: \(expression)")
            }
            for node in nodes {
                if node.kind == .element, let href = node.attribute("href") {
                    found.append((href, Self.headline(node.text)))
                } else if node.kind != .element {
                    found.append((node.text, Self.headline(node.parent?.text ?? "")))
                }
            }
        }
        return found
    }

    private func absolute(_ href: String) -> URL? {
        let trimmed = href.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#"),
              var components = URL(string: trimmed, relativeTo: base).flatMap({
                  URLComponents(url: $0.absoluteURL, resolvingAgainstBaseURL: false)
              }),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https" else { return nil }
        components.fragment = nil
        return components.url
    }

    /// Same registrable domain: `finance.sina.com.cn` and `news.sina.com.cn` are one site.
    private func sameSite(_ url: URL) -> Bool {
        guard let host = url.host?.lowercased(), let own = base.host?.lowercased() else { return false }
        return Self.site(host) == Self.site(own)
    }

    static func site(_ host: String) -> String {
        let labels = host.split(separator: ".")
        guard labels.count > 2 else { return host }
        // Second-level registries under a country code: com.cn, gov.cn, com.hk, co.uk, …
        let generic: Set<Substring> = ["com", "net", "org", "gov", "edu", "ac", "co"]
        let keep = labels[labels.count - 1].count == 2 && generic.contains(labels[labels.count - 2]) ? 3 : 2
        return labels.suffix(keep).joined(separator: ".")
    }

    /// A page, not a folder or an index, whose path carries a date or a long number (how news
    /// systems name articles: `/2025-06-03/doc-inaabc123.shtml`, `/a/202506033421.html`).
    static func articleLike(_ url: URL) -> Bool {
        let path = url.path
        guard !path.isEmpty, path != "/", !path.hasSuffix("/") else { return false }
        let last = url.lastPathComponent.lowercased()
        if last.hasPrefix("index") || last.hasPrefix("list") || last.hasPrefix("default") { return false }
        let datePattern = #"(19|20)\d{2}[-/_]?(0[1-9]|1[0-2])[-/_]?([0-2]\d|3[01])"#
        if path.range(of: datePattern, options: .regularExpression) != nil { return true }
        return path.range(of: #"\d{5,}"#, options: .regularExpression) != nil
    }

    private static let navigationNames: Set<String> = ["nav", "header", "footer", "menu", "aside"]
    private static let navigationMarks = ["nav", "menu", "breadcrumb", "footer", "header", "pager", "pagination", "toolbar"]

    /// Not inside `nav`, `header`, `footer`, or an element whose class or id names a menu.
    static func outsideNavigation(_ anchor: Node) -> Bool {
        var current = anchor.parent
        var depth = 0
        while let node = current, node.kind == .element, depth < 12 {
            if navigationNames.contains(node.name.lowercased()) { return false }
            let marks = ((node.attribute("class") ?? "") + " " + (node.attribute("id") ?? "")).lowercased()
            if navigationMarks.contains(where: { marks.contains($0) }) { return false }
            current = node.parent
            depth += 1
        }
        return true
    }

    static func headline(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
