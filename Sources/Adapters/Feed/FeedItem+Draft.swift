public import Model
import Foundation

extension FeedItem {
    /// The item as a raw draft, or why it cannot be one. The full content wins over the summary; its
    /// relative links resolve against the item's link, else the feed's URL. Without a guid the link is
    /// the identity, and without either a digest of title and date (or of title and body), so the
    /// same item keeps its id across refreshes.
    public func draft(feedURL: String) -> Result<ArticleDraft, FeedItemProblem> {
        let body = [contentHTML, summaryHTML].compactMap { $0 }.first { !$0.isBlank } ?? ""
        let cleanTitle = title.map(HTMLTitle.plain).flatMap { $0.isEmpty ? nil : $0 }
        guard let heading = cleanTitle ?? VisibleText.headline(ofHTML: body) else {
            return .failure(.noTitle(feedURL: feedURL, itemID: id ?? link))
        }
        guard let identity = id ?? link ?? (published.map { "\(heading)|\($0.rfc3339)" }).map({ "sha256:" + Digest.sha256Hex($0) })
            ?? (body.isEmpty ? nil : "sha256:" + Digest.sha256Hex(heading + "|" + body)) else {
            return .failure(.noIdentity(feedURL: feedURL, title: heading))
        }
        return .success(ArticleDraft(itemID: identity, origin: link, link: link, title: heading, published: published,
                                     outlet: sourceName, author: author, categories: categories.map { Category(name: $0) },
                                     imageURL: imageURL, bodyHTML: body, baseURL: link ?? feedURL))
    }
}

/// An item of a feed that could not become a draft; the other items still count.
public enum FeedItemProblem: Error, Equatable, Sendable, CustomStringConvertible {
    case noTitle(feedURL: String, itemID: String?)
    case noIdentity(feedURL: String, title: String)

    public var description: String {
        switch self {
        case let .noTitle(feedURL, itemID): "\(feedURL): item \(itemID ?? "(no id)") has neither title nor text"
        case let .noIdentity(feedURL, title): "\(feedURL): item '\(title)' has no guid, link, date or text"
        }
    }
}
