import Foundation
import Markup
import Model

/// RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 0.3/1.0 from a parsed XML document.
struct XMLFeedReader {
    let document: Document
    let url: String
    let timeZone: TimeZone

    func parse() throws(FeedError) -> ParsedFeed {
        guard let root = document.root else { throw .unparsable(url: url, reason: "no root element") }
        switch (root.name.lowercased(), root.namespaceURI) {
        case ("rss", _):
            let channel = root.first("channel")
            return feed(.rss, channel: channel, items: descendantItems(of: channel ?? root))
        case ("rdf", _):
            // RSS 1.0 and 0.90 put the items beside the channel, not inside it.
            let channel = root.first("channel")
            return feed(.rdf, channel: channel, items: descendantItems(of: root))
        case ("feed", FeedNamespace.atom03?):
            return atomFeed(root, format: .atom03)
        case ("feed", _):
            return atomFeed(root, format: .atom)
        default:
            throw .notAFeed(url: url, root: root.name)
        }
    }

    /// Items at any depth: after recovery from an unclosed tag, later items end up nested in earlier ones.
    private func descendantItems(of node: Node) -> [Node] {
        (try? node.xpath(".//*[local-name()='item']")) ?? node.all("item")
    }

    private func feed(_ format: ParsedFeed.Format, channel: Node?, items: [Node]) -> ParsedFeed {
        ParsedFeed(format: format, title: channel?.first("title")?.trimmedText,
                   link: channel?.first("link")?.trimmedText.flatMap(resolve), items: items.map(rssItem))
    }

    private func rssItem(_ item: Node) -> FeedItem {
        var result = FeedItem()
        let guid = item.first("guid")
        result.id = guid?.trimmedText ?? item.attribute("about")
        result.link = (item.first("link")?.trimmedText ?? permalink(guid)).flatMap(resolve)
        result.title = item.first("title")?.trimmedText
        let dateText = item.first("pubDate")?.trimmedText ?? item.first("date", in: FeedNamespace.dublinCore)?.trimmedText
        setDate(dateText, on: &result)
        result.author = item.first("creator", in: FeedNamespace.dublinCore)?.trimmedText ?? item.first("author")?.trimmedText
        result.categories = (item.all("category") + item.all("subject", in: FeedNamespace.dublinCore)).compactMap(\.trimmedText)
        result.summaryHTML = item.first("description")?.text
        result.contentHTML = item.first("encoded", in: FeedNamespace.content)?.text
        result.imageURL = imageURL(of: item).flatMap(resolve)
        result.sourceName = item.first("source")?.trimmedText
        return result
    }

    /// An RSS 2.0 guid is the item's link unless `isPermaLink="false"`.
    private func permalink(_ guid: Node?) -> String? {
        guard let guid, guid.attribute("isPermaLink")?.lowercased() != "false", let text = guid.trimmedText,
              text.hasPrefix("http://") || text.hasPrefix("https://") else { return nil }
        return text
    }

    /// Media RSS images, then image enclosures.
    private func imageURL(of item: Node) -> String? {
        let media = item.all("content", in: FeedNamespace.media)
            + item.all("group", in: FeedNamespace.media).flatMap { $0.all("content", in: FeedNamespace.media) }
        if let image = media.first(where: { $0.attribute("medium") == "image" || isImageType($0.attribute("type")) }) {
            return image.attribute("url")
        }
        if let thumbnail = item.first("thumbnail", in: FeedNamespace.media)?.attribute("url") { return thumbnail }
        return item.all("enclosure").first { isImageType($0.attribute("type")) }?.attribute("url")
    }

    private func atomFeed(_ root: Node, format: ParsedFeed.Format) -> ParsedFeed {
        let feedAuthor = root.first("author")?.first("name")?.trimmedText
        let items = root.all("entry").map { atomEntry($0, feedAuthor: feedAuthor) }
        return ParsedFeed(format: format, title: root.first("title")?.trimmedText,
                          link: alternateLink(root).flatMap(resolve), items: items)
    }

    private func atomEntry(_ entry: Node, feedAuthor: String?) -> FeedItem {
        var result = FeedItem()
        result.id = entry.first("id")?.trimmedText
        result.link = alternateLink(entry).flatMap(resolve)
        result.title = entry.first("title").map(AtomText.html).map(HTMLTitle.plain)
        let dateText = ["published", "issued", "created", "updated", "modified"].lazy
            .compactMap { entry.first($0)?.trimmedText }.first
        setDate(dateText, on: &result)
        result.author = entry.first("author")?.first("name")?.trimmedText ?? feedAuthor
        result.categories = entry.all("category").compactMap { $0.attribute("label") ?? $0.attribute("term") }
        result.summaryHTML = entry.first("summary").map(AtomText.html)
        result.contentHTML = entry.first("content").map(AtomText.html)
        result.imageURL = entry.all("link").first {
            $0.attribute("rel") == "enclosure" && isImageType($0.attribute("type"))
        }?.attribute("href").flatMap(resolve) ?? imageURL(of: entry).flatMap(resolve)
        return result
    }

    /// `rel="alternate"` (the default rel), preferring HTML.
    private func alternateLink(_ node: Node) -> String? {
        let alternates = node.all("link").filter { ($0.attribute("rel") ?? "alternate") == "alternate" }
        let html = alternates.first { ($0.attribute("type") ?? "text/html").contains("html") }
        return (html ?? alternates.first)?.attribute("href")
    }

    private func setDate(_ text: String?, on item: inout FeedItem) {
        guard let text else { return }
        if let date = FeedDate.parse(text, timeZone: timeZone) {
            item.published = date
        } else {
            item.unparsedDate = text
        }
    }

    private func isImageType(_ type: String?) -> Bool { type?.lowercased().hasPrefix("image/") ?? false }

    private func resolve(_ link: String) -> String? {
        let trimmed = link.trimmingWhitespace()
        guard !trimmed.isEmpty else { return nil }
        return URL(string: trimmed, relativeTo: URL(string: url))?.absoluteString ?? trimmed
    }
}

extension Node {
    /// Children with this local name in the feed's own vocabulary (no namespace, RSS 1.0/0.90 or Atom),
    /// or in `namespace` when one is given.
    func all(_ name: String, in namespace: String? = nil) -> [Node] {
        elementChildren(named: name).filter { child in
            if let namespace { return child.namespaceURI == namespace }
            return child.namespaceURI.map(FeedNamespace.core.contains) ?? true
        }
    }

    func first(_ name: String, in namespace: String? = nil) -> Node? { all(name, in: namespace).first }

    /// The text, whitespace-trimmed; nil when empty.
    var trimmedText: String? {
        let value = text.trimmingWhitespace()
        return value.isEmpty ? nil : value
    }
}

extension FeedNamespace {
    static let core: Set<String> = [rss10, rss090, atom, atom03]
}
