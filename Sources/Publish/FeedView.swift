import Foundation
import Markup
import Model

/// One feed to render: what it is called, where it lives, and its entries, newest first.
public struct FeedView: Sendable {
    public var title: String
    public var description: String
    /// The folder under the output root (`""`, `categories/nanjingchenbao/`), ending in `/` unless empty.
    public var folder: String
    public var articles: [Article]
    /// When nothing dates the feed itself (it has no entries), this does, so output stays stable.
    public var fallbackUpdated: Date
    /// For an article that leads a story: the story's other members ("also reported by").
    public var alsoReportedBy: [String: [Article]]
    /// Appended to the feed's own URL (its self link and id): `?filter=…` for a filtered feed, so a
    /// reader keeps it apart from the unfiltered one.
    public var selfQuery = ""
    /// The page the feed stands for, when it is not the folder (a search's results page).
    public var alternatePath: String?

    public init(title: String, description: String, folder: String, articles: [Article], fallbackUpdated: Date,
                alsoReportedBy: [String: [Article]] = [:]) {
        self.title = title
        self.description = description
        self.folder = folder
        self.articles = articles
        self.fallbackUpdated = fallbackUpdated
        self.alsoReportedBy = alsoReportedBy
    }

    /// The entries as every format writes them; made once per feed, not once per format.
    func entries() -> [FeedEntry] {
        articles.map { FeedEntry(article: $0, id: $0.urn, html: contentHTML(of: $0)) }
    }

    /// The entry's HTML: the article, then the outlets that also reported it, linked.
    func contentHTML(of article: Article) -> String {
        guard let others = alsoReportedBy[article.id], !others.isEmpty else { return article.contentHTML }
        let items = others.map { other -> String in
            let name = HTMLEscape.attribute(other.outlet ?? other.author ?? other.sourceID)
            let title = HTMLEscape.attribute(other.title)
            guard let link = PublishableLink.http(other.link) else { return "<li>\(name): \(title)</li>" }
            return "<li><a href=\"\(HTMLEscape.attribute(link))\">\(name): \(title)</a></li>"
        }
        return article.contentHTML + "\n<p>也见于 · Also reported by:</p>\n<ul>" + items.joined() + "</ul>"
    }
}

/// One feed entry: the article, its entry id (`urn:uuid:`, a SHA-256 of our id) and its HTML.
struct FeedEntry {
    var article: Article
    var id: String
    var html: String
}

/// What every renderer needs from the configuration.
public struct FeedContext: Sendable {
    public var baseURL: String
    public var language: String
    public var timeZone: TimeZone

    public init(baseURL: String, language: String, timeZone: TimeZone) {
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.language = language
        self.timeZone = timeZone
    }

    public func absolute(_ path: String) -> String { baseURL + path }

    public func zoned(_ date: Date) -> ZonedDate { ZonedDate(date: date, timeZone: timeZone) }
}

extension Article {
    /// When a reader should consider the entry last changed: its own date until finews records a
    /// revision, then the time of that revision.
    var entryUpdated: Date { isRevised ? updated : (published?.date ?? firstSeen) }

    /// A stable URN (RFC 4122 `urn:uuid:`, RFC 9562 version 8 layout) derived from our id, for feeds
    /// whose entries may have no link of their own.
    var urn: String { Self.urn(for: "article:" + id) }

    static func urn(for name: String) -> String {
        var hex = Array(Digest.sha256Hex(name).prefix(32))
        hex[12] = "8"
        let variant = Int(String(hex[16]), radix: 16)! & 0x3 | 0x8
        hex[16] = Character(String(variant, radix: 16))
        let text = String(hex)
        let parts = [text.prefix(8), text.dropFirst(8).prefix(4), text.dropFirst(12).prefix(4),
                     text.dropFirst(16).prefix(4), text.dropFirst(20)]
        return "urn:uuid:" + parts.joined(separator: "-")
    }

    /// The byline readers see: the author, else the outlet.
    var byline: String? { author ?? outlet }
}

extension FeedView {
    func updated(_ context: FeedContext) -> ZonedDate {
        context.zoned(articles.map(\.entryUpdated).max() ?? fallbackUpdated)
    }
}
