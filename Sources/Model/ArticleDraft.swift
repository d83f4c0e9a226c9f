import Foundation

/// One article as a source adapter read it: metadata and the body as found, before identity,
/// sanitizing, plain text and fingerprint (the refresh's preparation stage does those, once).
///
/// Every source kind (files, feed, json, html, import) maps to this one shape; everything after the
/// adapters works on it alone.
public struct ArticleDraft: Sendable, Hashable {
    /// The identity the source gave: a GUID, a site id such as an `infoCode`, a canonical link, or a path.
    public var itemID: String
    /// Where it was read from: a path relative to the source's folder, or a page URL. A source that
    /// lists everything it holds reports every origin it saw, so the store can tell what was removed.
    public var origin: String?
    /// What the origin looked like when read (a file's size and modification time): when it has not
    /// changed since, the next refresh need not read it again.
    public var originStamp: String?
    public var link: String?
    public var title: String
    /// Nil when the source does not say; feeds then fall back to the first-seen time.
    public var published: ZonedDate?
    public var outlet: String?
    public var author: String?
    public var categories: [Category]
    public var tags: [String]
    public var imageURL: String?
    /// The body as the source gave it: HTML, unsanitized (plain-text sources wrap paragraphs in `<p>`).
    public var bodyHTML: String
    /// What relative URLs in the body resolve against: the article's page, else the feed or API URL.
    /// The initializer takes the link when none is given.
    public var baseURL: String?

    public init(itemID: String, origin: String? = nil, link: String? = nil, title: String, published: ZonedDate? = nil,
                outlet: String? = nil, author: String? = nil, categories: [Category] = [],
                tags: [String] = [], imageURL: String? = nil, bodyHTML: String = "", baseURL: String? = nil) {
        self.itemID = itemID
        self.origin = origin
        self.link = link
        self.title = title
        self.published = published
        self.outlet = outlet
        self.author = author
        self.categories = categories
        self.tags = tags
        self.imageURL = imageURL
        self.bodyHTML = bodyHTML
        self.baseURL = baseURL ?? link
    }
}

/// A category as published: a URL-safe slug (the folder under `categories/`) and the name readers see.
public struct Category: Sendable, Hashable, Codable {
    public var slug: String
    public var name: String

    public init(slug: String, name: String) {
        self.slug = slug
        self.name = name
    }

    /// A category named in Chinese gets the pinyin of its name as slug, the convention the seed
    /// script used (`南京晨报` → `nanjingchenbao`).
    public init(name: String) {
        self.init(slug: Slug.make(name), name: name)
    }
}
