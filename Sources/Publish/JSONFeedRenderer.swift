import Foundation
import Model

/// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). Keys are sorted so the same feed always
/// gives the same bytes: the documents are written by `JSONWriter`, keys in sorted order, as
/// `JSONEncoder` with `.sortedKeys, .prettyPrinted, .withoutEscapingSlashes` writes them (their
/// `Encodable` conformance is that reference, compared in `JSONWriterTests`).
enum JSONFeedRenderer {
    struct Feed: Encodable {
        var version = "https://jsonfeed.org/version/1.1"
        var title: String
        var description: String
        var home_page_url: String
        var feed_url: String
        var language: String
        var items: [Item]
    }

    struct Item: Encodable {
        var id: String
        var url: String?
        var title: String
        var content_html: String
        var image: String?
        var date_published: String
        var date_modified: String?
        var authors: [Author]?
        var tags: [String]?
        var _finews: Extension
    }

    struct Author: Encodable { var name: String }

    /// JSON Feed's extension mechanism: keys starting with `_`.
    struct Extension: Encodable {
        var source: String
        var item_id: String
        var outlet: String?
        var categories: [String]
        var story: String?
        var also_reported_by: [String]?
    }

    static func render(_ feed: FeedView, _ entries: [FeedEntry], _ context: FeedContext) -> Data {
        let document = Feed(
            title: feed.title, description: feed.description, home_page_url: context.absolute(feed.alternatePath ?? feed.folder),
            feed_url: context.absolute(feed.folder + "feed.json") + feed.selfQuery, language: context.language,
            items: entries.map { item($0, feed, context) })
        var writer = JSONWriter(pretty: true, capacity: 4096 + entries.reduce(0) { $0 + $1.html.utf8.count + 768 })
        document.write(to: &writer)
        return writer.data
    }

    private static func item(_ entry: FeedEntry, _ feed: FeedView, _ context: FeedContext) -> Item {
        let article = entry.article
        return Item(id: entry.id, url: PublishableLink.http(article.link), title: article.title, content_html: entry.html,
             image: PublishableLink.http(article.imageURL),
             date_published: (article.published ?? context.zoned(article.firstSeen)).rfc3339,
             date_modified: article.isRevised ? context.zoned(article.updated).rfc3339 : nil,
             authors: article.byline.map { [Author(name: $0)] },
             tags: article.categories.isEmpty ? nil : article.categories.map(\.name),
             _finews: Extension(source: article.sourceID, item_id: article.itemID, outlet: article.outlet,
                                categories: article.categories.map(\.slug), story: article.storyID,
                                also_reported_by: feed.alsoReportedBy[article.id]?.map(\.id)))
    }
}

// Members in sorted key order, optionals left out when nil, as the synthesized `Encodable` does.
extension JSONFeedRenderer.Feed {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("description", description)
        writer.member("feed_url", feed_url)
        writer.member("home_page_url", home_page_url)
        writer.key("items")
        writer.beginArray()
        for item in items {
            writer.element()
            item.write(to: &writer)
        }
        writer.endArray()
        writer.member("language", language)
        writer.member("title", title)
        writer.member("version", version)
        writer.endObject()
    }
}

extension JSONFeedRenderer.Item {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("_finews")
        _finews.write(to: &writer)
        if let authors {
            writer.key("authors")
            writer.beginArray()
            for author in authors {
                writer.element()
                writer.beginObject()
                writer.member("name", author.name)
                writer.endObject()
            }
            writer.endArray()
        }
        writer.member("content_html", content_html)
        writer.member("date_modified", date_modified)
        writer.member("date_published", date_published)
        writer.member("id", id)
        writer.member("image", image)
        writer.member("tags", tags)
        writer.member("title", title)
        writer.member("url", url)
        writer.endObject()
    }
}

extension JSONFeedRenderer.Extension {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("also_reported_by", also_reported_by)
        writer.member("categories", categories)
        writer.member("item_id", item_id)
        writer.member("outlet", outlet)
        writer.member("source", source)
        writer.member("story", story)
        writer.endObject()
    }
}
