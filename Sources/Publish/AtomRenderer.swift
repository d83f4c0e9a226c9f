import Foundation
import Markup
import Model

/// Atom 1.0 (RFC 4287). Dates keep the offset the source gave (`+08:00`), RFC 3339 §5.6.
enum AtomRenderer {
    static let namespace = "http://www.w3.org/2005/Atom"

    static func render(_ feed: FeedView, _ entries: [FeedEntry], _ context: FeedContext,
                       fileName: String = "atom.xml") -> Data {
        let writer = XMLWriter()
        header(writer, title: feed.title, subtitle: feed.description, selfURL: context.absolute(feed.folder + fileName) + feed.selfQuery,
               alternate: context.absolute(feed.alternatePath ?? feed.folder), updated: feed.updated(context), context: context)
        for entry in entries {
            self.entry(entry, feed, writer, context)
        }
        writer.end()
        return writer.finish()
    }

    static func header(_ writer: XMLWriter, title: String, subtitle: String, selfURL: String, alternate: String,
                       updated: ZonedDate, context: FeedContext) {
        writer.start("feed", ["xmlns": namespace, "xml:lang": context.language])
        writer.element("id", selfURL)
        writer.element("title", title)
        writer.element("subtitle", subtitle)
        writer.element("updated", updated.rfc3339)
        writer.empty("link", ["rel": "self", "type": "application/atom+xml", "href": selfURL])
        writer.empty("link", ["rel": "alternate", "type": "text/html", "href": alternate])
        // RFC 4287 §4.1.1: a feed needs an author unless every entry has one.
        writer.start("author")
        writer.element("name", "finews")
        writer.end()
        writer.element("generator", "finews")
    }

    private static func entry(_ entry: FeedEntry, _ feed: FeedView, _ writer: XMLWriter, _ context: FeedContext) {
        let article = entry.article
        writer.start("entry")
        writer.element("id", entry.id)
        writer.element("title", article.title)
        let articleLink = PublishableLink.http(article.link)
        if let link = articleLink {
            writer.empty("link", ["rel": "alternate", "type": "text/html", "href": link])
        }
        for other in feed.alsoReportedBy[article.id] ?? [] {
            if let link = PublishableLink.http(other.link), link != articleLink {
                writer.empty("link", ["rel": "related", "type": "text/html", "href": link, "title": other.outlet ?? other.title])
            }
        }
        writer.element("published", (article.published ?? context.zoned(article.firstSeen)).rfc3339)
        let updated = article.isRevised ? context.zoned(article.updated) : (article.published ?? context.zoned(article.firstSeen))
        writer.element("updated", updated.rfc3339)
        if let byline = article.byline {
            writer.start("author")
            writer.element("name", byline)
            writer.end()
        }
        for category in article.categories {
            writer.empty("category", ["term": category.slug, "label": category.name])
        }
        writer.element("content", entry.html, ["type": "html"])
        writer.end()
    }
}
