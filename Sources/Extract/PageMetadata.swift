import Foundation
import Markup

/// What a page says about itself outside the body: `<title>`, metas, JSON-LD, `<h1>`, `<time>`.
struct PageMetadata {
    var title: String?
    /// Meta `name`/`property`/`itemprop`/`http-equiv` (lowercased) → `content`, first one wins.
    var metas: [String: String] = [:]
    var jsonLD: [String] = []
    var headings: [(index: Int, level: String, text: String)] = []
    var times: [(index: Int, value: String)] = []
    var canonical: String?
    /// Publish dates a CMS left as page properties: in a comment (`<!--enpproperty <date>2012-05-03
    /// </date>…-->`, `<!-- publishdate: … -->`) or a hidden field (`<input type="hidden" name="pubdate">`).
    var propertyDates: [String] = []

    init(_ tree: FlatTree, attributes: ElementAttributes) {
        for index in 0..<tree.count where tree.kinds[index] != .text {
            guard tree.kinds[index] == .element else {
                let node = tree.node(at: index)
                if node.kind == .comment { propertyDates += Self.labelledDates(in: node.text) }
                continue
            }
            // What the element's name makes it, as `NameTraits` (one test per element, not a string
            // comparison per case).
            let traits = attributes.traits[index]
            if traits.contains(.titleTag) && title == nil {
                title = Self.text(tree, index)
            } else if traits.contains(.meta) {
                guard let content = tree.attributeValue("content", at: index) else { continue }
                for key in ["name", "property", "itemprop", "http-equiv"] {
                    if let name = tree.attributeValue(key, at: index)?.lowercased(), metas[name] == nil {
                        metas[name] = content
                    }
                }
            } else if traits.contains(.input) {
                guard tree.attributeValue("type", at: index)?.lowercased() == "hidden",
                      let name = tree.attributeValue("name", at: index) ?? attributes.ids[index],
                      Self.propertyKeys.contains(where: { name.lowercased().contains($0) }),
                      let value = tree.attributeValue("value", at: index) else { continue }
                propertyDates += Self.labelledDates(in: name + "=" + value)
            } else if traits.contains(.linkTag) && canonical == nil {
                if tree.attributeValue("rel", at: index)?.lowercased() == "canonical" {
                    canonical = tree.attributeValue("href", at: index)
                }
            } else if traits.contains(.script) {
                if tree.attributeValue("type", at: index)?.lowercased().contains("ld+json") == true {
                    jsonLD.append(Self.text(tree, index))
                }
            } else if traits.contains(.heading) && headings.count < 16 {
                let text = Self.text(tree, index, skipping: Self.notPhrasing)
                if !text.isEmpty { headings.append((index, tree.names[index], text)) }
            } else if traits.contains(.time) {
                if let value = tree.attributeValue("datetime", at: index) ?? tree.attributeValue("pubdate", at: index) {
                    times.append((index, value))
                }
            } else {
                if attributes.itemprops[index] == "datePublished",
                   let date = tree.attributeValue("datetime", at: index) ?? tree.attributeValue("content", at: index) {
                    times.append((index, date))
                } else if let classes = attributes.classes[index], Self.mentionsPublished(classes),
                          BodyScorer.names(Self.publishedClass, classes),
                          let date = tree.attributeValue("title", at: index) ?? tree.attributeValue("datetime", at: index) {
                    // hAtom (Blogger, WordPress): `<abbr class="published" title="2011-07-28T12:11:00+08:00">`.
                    times.append((index, date))
                }
            }
        }
    }

    /// The page's own absolute http(s) URL, as it states it: what a saved page's links resolve against.
    var ownURL: String? {
        for candidate in [canonical, metas["og:url"]] {
            guard let value = candidate?.trimmingCharacters(in: .whitespacesAndNewlines),
                  let scheme = value.split(separator: ":", maxSplits: 1).first?.lowercased(),
                  scheme == "http" || scheme == "https", value.contains("://") else { continue }
            return value
        }
        return nil
    }

    static let publishedClass: Set<String> = ["published"]

    /// Words that label a property as the publish time; `time` covers `pubtime`, `ptime`, `<time>`.
    static let propertyKeys = ["date", "time", "publish", "发布", "日期", "时间"]

    /// The dates in a comment or field that a property key labels (the key ends at most a few
    /// characters before the date), as `yyyy-MM-dd[ HH:mm:ss]`.
    static func labelledDates(in text: String) -> [String] {
        guard text.utf8.count <= 8192 else { return [] }
        let found = DateScanner.scan(text).filter { $0.year != nil }
        guard !found.isEmpty else { return [] }
        let scalars = Array(text.lowercased().unicodeScalars)
        return found.compactMap { date in
            let label = String(String.UnicodeScalarView(scalars[max(0, date.offset - 16)..<min(date.offset, scalars.count)]))
            guard propertyKeys.contains(where: label.contains), let year = date.year else { return nil }
            let day = String(format: "%04d-%02d-%02d", year, date.month, date.day)
            guard let hour = date.hour, let minute = date.minute else { return day }
            return day + String(format: " %02d:%02d:%02d", hour, minute, date.second ?? 0)
        }
    }

    /// A byte scan for `published` before the word check: most class strings do not contain it.
    static func mentionsPublished(_ classes: String) -> Bool {
        var classes = classes
        return classes.withUTF8 { bytes in
            let needle: [UInt8] = Array("published".utf8)
            guard bytes.count >= needle.count else { return false }
            for start in 0...(bytes.count - needle.count) where bytes[start] | 0x20 == 0x70 {   // p or P
                if (1..<needle.count).allSatisfy({ bytes[start + $0] | 0x20 == needle[$0] }) { return true }
            }
            return false
        }
    }

    /// Headings hold phrasing content; a block inside one is a widget (a "播报文章" read-aloud button).
    static let notPhrasing: Set<String> = [
        "div", "ul", "ol", "button", "audio", "video", "select", "form", "table", "script", "style", "noscript",
    ]

    /// Text of the subtree of `index`, whitespace collapsed, leaving out subtrees of elements named in
    /// `skipping`.
    static func text(_ tree: FlatTree, _ index: Int, limit: Int = 2000, skipping: Set<String> = []) -> String {
        var parts: [Substring] = []
        var length = 0
        var node = index
        let end = Int(tree.subtreeEnd[index])
        while node < end, length <= limit {
            if node != index, tree.kinds[node] == .element, skipping.contains(tree.names[node]) {
                node = Int(tree.subtreeEnd[node])
                continue
            }
            if tree.kinds[node] == .text {
                for word in tree.texts[node].split(whereSeparator: { $0.isWhitespace }) {
                    parts.append(word)
                    length += word.count
                }
            }
            node += 1
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
