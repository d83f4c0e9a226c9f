import Markup

/// What a page says about itself outside the body: `<title>`, metas, JSON-LD, `<h1>`, `<time>`.
struct PageMetadata {
    var title: String?
    /// Meta `name`/`property`/`itemprop`/`http-equiv` (lowercased) → `content`, first one wins.
    var metas: [String: String] = [:]
    var jsonLD: [String] = []
    var headings: [(index: Int, text: String)] = []
    var times: [(index: Int, value: String)] = []

    init(_ tree: FlatTree) {
        for index in 0..<tree.count where tree.kinds[index] == .element {
            switch tree.names[index] {
            case "title" where title == nil:
                title = Self.text(tree, index)
            case "meta":
                guard let content = tree.attribute("content", at: index) else { continue }
                for key in ["name", "property", "itemprop", "http-equiv"] {
                    if let name = tree.attribute(key, at: index)?.lowercased(), metas[name] == nil {
                        metas[name] = content
                    }
                }
            case "script":
                if tree.attribute("type", at: index)?.lowercased().contains("ld+json") == true {
                    jsonLD.append(Self.text(tree, index))
                }
            case "h1" where headings.count < 8, "h2" where headings.count < 8:
                let text = Self.text(tree, index)
                if !text.isEmpty { headings.append((index, text)) }
            case "time":
                if let value = tree.attribute("datetime", at: index) ?? tree.attribute("pubdate", at: index) {
                    times.append((index, value))
                }
            default:
                if let value = tree.attribute("itemprop", at: index), value == "datePublished",
                   let date = tree.attribute("datetime", at: index) ?? tree.attribute("content", at: index) {
                    times.append((index, date))
                }
            }
        }
    }

    /// Text of the subtree of `index`, whitespace collapsed.
    static func text(_ tree: FlatTree, _ index: Int, limit: Int = 2000) -> String {
        var parts: [Substring] = []
        var length = 0
        for node in index..<Int(tree.subtreeEnd[index]) where tree.kinds[node] == .text {
            for word in tree.texts[node].split(whereSeparator: { $0.isWhitespace }) {
                parts.append(word)
                length += word.count
            }
            if length > limit { break }
        }
        return parts.joined(separator: " ")
    }

    /// A string value of `key` in the JSON-LD blocks, read leniently (publishers ship broken JSON).
    func jsonLDValue(_ key: String) -> String? {
        for block in jsonLD {
            guard let keyRange = block.range(of: "\"\(key)\"") else { continue }
            var rest = block[keyRange.upperBound...].drop(while: { $0 == " " || $0 == ":" || $0.isNewline })
            guard rest.first == "\"" else { continue }
            rest = rest.dropFirst()
            if let end = rest.firstIndex(of: "\"") { return String(rest[..<end]) }
        }
        return nil
    }
}
