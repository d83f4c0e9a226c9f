public import Model
import Foundation
import Sanitize

extension FeedItem {
    /// The item as a draft, or why it cannot be one. The body is sanitized against the item's link;
    /// the full content wins over the summary. Without a guid the link is the identity, and without
    /// either a digest of title and date, so the same item keeps its id across refreshes.
    public func draft(feedURL: String) -> Result<ArticleDraft, FeedItemProblem> {
        let body = [contentHTML, summaryHTML].compactMap { $0 }.first { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } ?? ""
        let sanitized = Sanitizer(baseURL: link ?? feedURL).sanitize(html: body)
        let text = HTMLText.plainText(fromHTML: sanitized)
        let cleanTitle = title.map(HTMLTitle.plain).flatMap { $0.isEmpty ? nil : $0 }
        guard let heading = cleanTitle ?? Self.headline(from: text) else {
            return .failure(.noTitle(feedURL: feedURL, itemID: id ?? link))
        }
        guard let identity = id ?? link ?? (published.map { "\(heading)|\($0.rfc3339)" }).map({ "sha256:" + Digest.sha256Hex($0) })
            ?? (text.isEmpty ? nil : "sha256:" + Digest.sha256Hex(heading + "|" + text)) else {
            return .failure(.noIdentity(feedURL: feedURL, title: heading))
        }
        var draft = ArticleDraft(itemID: identity, origin: link, link: link, title: heading, published: published,
                                 outlet: sourceName, author: author, categories: categories.map { Category(name: $0) },
                                 imageURL: imageURL, contentHTML: sanitized, contentText: text)
        draft.contentIsSanitized = true
        return .success(draft)
    }

    /// Short posts (flash news, 快讯) come without a title: the first sentence stands in.
    private static func headline(from text: String) -> String? {
        guard let line = text.split(separator: "\n").first else { return nil }
        let sentence = line.split(whereSeparator: { "。！？".contains($0) }).first.map(String.init) ?? String(line)
        return sentence.count > 60 ? String(sentence.prefix(60)) + "…" : sentence
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
