import Foundation
import Markup
import Model

/// RSS 2.0 (https://www.rssboard.org/rss-specification), with `atom:link rel="self"` as the RSS
/// Advisory Board recommends and `dc:creator` for bylines, since RSS's own `author` must be an e-mail
/// address.
enum RSSRenderer {
    static func render(_ feed: FeedView, _ entries: [FeedEntry], _ context: FeedContext) -> Data {
        let writer = XMLWriter()
        writer.start("rss", [
            "version": "2.0", "xmlns:atom": "http://www.w3.org/2005/Atom",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
        ])
        writer.start("channel")
        writer.element("title", feed.title)
        writer.element("link", context.absolute(feed.alternatePath ?? feed.folder))
        writer.element("description", feed.description)
        writer.element("language", context.language)
        writer.element("lastBuildDate", feed.updated(context).rfc822)
        writer.element("generator", "finews")
        writer.empty("atom:link", ["href": context.absolute(feed.folder + "feed.xml") + feed.selfQuery, "rel": "self",
                                   "type": "application/rss+xml"])
        for entry in entries {
            item(entry, writer, context)
        }
        writer.end()
        writer.end()
        return writer.finish()
    }

    private static func item(_ entry: FeedEntry, _ writer: XMLWriter, _ context: FeedContext) {
        let article = entry.article
        writer.start("item")
        writer.element("title", article.title)
        writer.element("link", PublishableLink.http(article.link))
        writer.element("description", entry.html)
        writer.element("dc:creator", article.byline)
        for category in article.categories {
            writer.element("category", category.name)
        }
        writer.element("guid", entry.id, ["isPermaLink": "false"])
        writer.element("pubDate", (article.published ?? context.zoned(article.firstSeen)).rfc822)
        writer.end()
    }
}
