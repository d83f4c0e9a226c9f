import Config
import Foundation
import Model

/// An RSS, Atom or JSON Feed document at the source's URL. A feed lists only its latest items, so
/// an item that drops out of it is not removed from the archive.
public struct FeedSource: SourceAdapter {
    public let config: SourceConfig

    public init(config: SourceConfig) {
        self.config = config
    }

    public func read(_ context: SourceContext) async -> SourceReading {
        await readURL(context, notModified: { $0.unchanged = .allNotRead }) { decoded, url, finalURL, reading in
            read(decoded.text, url: url, base: finalURL, context: context, into: &reading)
        }
    }

    private func read(_ text: String, url: String, base: String, context: SourceContext, into reading: inout SourceReading) {
        let feed: ParsedFeed
        do {
            feed = try FeedParser.parse(text, url: base, timeZone: context.timeZone)
        } catch {
            reading.failure = switch error {
            case let .unparsable(_, reason): .unparsable(location: url, reason: "not a readable feed: \(reason)")
            case let .notAFeed(_, root): .unparsable(location: url, reason: "<\(root)> is not a feed")
            }
            return
        }
        reading.errors += feed.itemProblems.map { .unparsable(location: url, reason: $0) }
        if feed.items.isEmpty && feed.itemProblems.isEmpty && context.holdsItems {
            reading.failure = .noItems(location: url)
            return
        }
        for item in feed.items {
            switch item.draft(feedURL: base) {
            case .success(let draft): reading.drafts.append(draft)
            case .failure(.noTitle(_, let itemID)):
                reading.errors.append(.unparsable(location: url, reason: "item \(itemID ?? "(no id)") has neither title nor text"))
            case .failure(.noIdentity(_, let title)):
                reading.errors.append(.unparsable(location: url, reason: "item '\(title)' has no guid, link, date or text"))
            }
        }
    }
}
