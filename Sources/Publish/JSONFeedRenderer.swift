import Foundation
import Model

/// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). Keys are sorted so the same feed always
/// gives the same bytes.
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
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return (try? encoder.encode(document)) ?? Data()
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
