import Foundation

/// One article as a source adapter read it, before identity, dedup and storage.
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
    /// The body as HTML; sanitized before it is stored.
    public var contentHTML: String
    /// Set by adapters whose body already came out of the sanitizer (feed items, extracted pages), so
    /// the refresh does not run it twice.
    public var contentIsSanitized = false
    /// Plain text of the body, paragraphs separated by newlines.
    public var contentText: String

    public init(itemID: String, origin: String? = nil, link: String? = nil, title: String, published: ZonedDate? = nil,
                outlet: String? = nil, author: String? = nil, categories: [Category] = [],
                tags: [String] = [], imageURL: String? = nil, contentHTML: String = "",
                contentText: String = "") {
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
        self.contentHTML = contentHTML
        self.contentText = contentText
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
