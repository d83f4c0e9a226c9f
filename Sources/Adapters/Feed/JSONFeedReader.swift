import Foundation
import Markup

/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1).
struct JSONFeedReader {
    let url: String
    let timeZone: TimeZone

    private struct Feed: Decodable {
        var version: String?
        var title: String?
        var home_page_url: String?
        var items: [ItemSlot]?
        var author: Author?
        var authors: [Author]?
    }

    private struct Author: Decodable { var name: String? }
    private struct Attachment: Decodable { var url: String?; var mime_type: String? }

    private struct Item: Decodable {
        var id: FlexibleID?
        var url: String?
        var external_url: String?
        var title: String?
        var content_html: String?
        var content_text: String?
        var summary: String?
        var image: String?
        var banner_image: String?
        var date_published: String?
        var date_modified: String?
        var author: Author?
        var authors: [Author]?
        var tags: [String]?
        var attachments: [Attachment]?
    }

    /// One element of `items`, decoded on its own: a wrongly typed item costs only itself.
    private struct ItemSlot: Decodable {
        var item: Result<Item, DecodingError>
        init(from decoder: any Decoder) throws {
            do {
                item = .success(try Item(from: decoder))
            } catch let error as DecodingError {
                item = .failure(error)
            }
        }
    }

    /// 1.0 allowed numbers as ids in practice; 1.1 says string.
    private struct FlexibleID: Decodable {
        var value: String
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) { value = text } else {
                value = String(try container.decode(Int64.self))
            }
        }
    }

    func parse(_ data: Data) throws(FeedError) -> ParsedFeed {
        let feed: Feed
        do {
            feed = try JSONDecoder().decode(Feed.self, from: data)
        } catch {
            throw .unparsable(url: url, reason: "JSON Feed: \(error)")
        }
        guard feed.version?.contains("jsonfeed.org") == true || feed.items != nil else {
            throw .notAFeed(url: url, root: "JSON object")
        }
        let feedAuthor = feed.authors?.first?.name ?? feed.author?.name
        var parsed = ParsedFeed(format: .jsonFeed, title: feed.title, link: feed.home_page_url, items: [])
        for (index, slot) in (feed.items ?? []).enumerated() {
            switch slot.item {
            case .success(let item): parsed.items.append(self.item(item, feedAuthor: feedAuthor))
            case .failure(let error): parsed.itemProblems.append("item \(index + 1): \(Self.describe(error))")
            }
        }
        return parsed
    }

    /// `id: expected a string or number` rather than Foundation's dump of the coding path.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map(\.stringValue).filter { !$0.isEmpty && Int($0) == nil }
            return keys.isEmpty ? "the item" : keys.joined(separator: ".")
        }
        switch error {
        case let .typeMismatch(type, context): return "\(path(context)): expected \(type)"
        case let .valueNotFound(type, context): return "\(path(context)): expected \(type), found null"
        case let .keyNotFound(key, _): return "missing \(key.stringValue)"
        case let .dataCorrupted(context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    private func item(_ item: Item, feedAuthor: String?) -> FeedItem {
        var result = FeedItem()
        result.id = item.id?.value
        result.link = (item.url ?? item.external_url).map(resolve)
        result.title = item.title?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let text = item.date_published ?? item.date_modified {
            if let date = FeedDate.parse(text, timeZone: timeZone) { result.published = date } else { result.unparsedDate = text }
        }
        result.author = item.authors?.first?.name ?? item.author?.name ?? feedAuthor
        result.categories = item.tags ?? []
        result.summaryHTML = item.summary.map(HTMLEscape.text)
        result.contentHTML = item.content_html ?? item.content_text.map { text in
            text.components(separatedBy: "\n").filter { !$0.isEmpty }.map { "<p>\(HTMLEscape.text($0))</p>" }.joined()
        }
        result.imageURL = (item.image ?? item.banner_image
            ?? item.attachments?.first { $0.mime_type?.hasPrefix("image/") == true }?.url).map(resolve)
        return result
    }

    private func resolve(_ link: String) -> String {
        URL(string: link, relativeTo: URL(string: url))?.absoluteString ?? link
    }
}
