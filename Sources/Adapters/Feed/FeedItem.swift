import Foundation
public import Model

/// A feed as read, before mapping to drafts: every format (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed)
/// ends in this shape.
public struct ParsedFeed: Sendable, Equatable {
    public enum Format: String, Sendable { case rss, rdf, atom, atom03, jsonFeed }

    public var format: Format
    public var title: String?
    public var link: String?
    public var items: [FeedItem]
    /// Items that could not be read at all (a JSON Feed item of the wrong shape), one line each; the
    /// feed's other items still count.
    public var itemProblems: [String] = []
}

public struct FeedItem: Sendable, Equatable {
    /// guid, atom:id, rdf:about or JSON Feed id.
    public var id: String?
    public var link: String?
    public var title: String?
    /// pubDate, dc:date, published/issued, or updated/modified when nothing better is given.
    public var published: ZonedDate?
    /// The date text that did not parse, kept for the error report.
    public var unparsedDate: String?
    public var author: String?
    public var categories: [String] = []
    /// The feed's summary (description, summary) as HTML.
    public var summaryHTML: String?
    /// The full body (content:encoded, atom:content, content_html) as HTML.
    public var contentHTML: String?
    public var imageURL: String?
    /// RSS `<source>`: the outlet an aggregating feed took the item from.
    public var sourceName: String?
}

/// A feed that could not be read at all. Single bad items are not errors of the feed.
public enum FeedError: Error, Equatable, Sendable, CustomStringConvertible {
    case unparsable(url: String, reason: String)
    case notAFeed(url: String, root: String)

    public var description: String {
        switch self {
        case let .unparsable(url, reason): "\(url): not a readable feed: \(reason)"
        case let .notAFeed(url, root): "\(url): <\(root)> is not a feed"
        }
    }
}
