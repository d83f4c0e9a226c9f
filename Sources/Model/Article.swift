import Foundation

/// An article as the archive holds it.
public struct Article: Sendable, Hashable, Identifiable {
    /// Ours, stable: derived from the source id and the item id, so it survives re-imports.
    public var id: String
    public var sourceID: String
    public var itemID: String
    public var link: String?
    public var title: String
    public var published: ZonedDate?
    public var firstSeen: Date
    public var updated: Date
    public var outlet: String?
    public var author: String?
    public var categories: [Category]
    public var tags: [String]
    public var imageURL: String?
    public var contentHTML: String
    public var contentText: String
    public var contentHash: String
    /// 1 when first stored; each revision adds one.
    public var version: Int
    /// Set when the source no longer lists the article; it stays in the archive.
    public var removed: Date?
    /// The story of reprints it belongs to; nil while it stands alone.
    public var storyID: String?
    /// Whether feeds show it for its story (always, for an article standing alone).
    public var isStoryLead: Bool

    public init(id: String, sourceID: String, itemID: String, link: String?, title: String,
                published: ZonedDate?, firstSeen: Date, updated: Date, outlet: String?, author: String?,
                categories: [Category], tags: [String], imageURL: String?, contentHTML: String,
                contentText: String, contentHash: String, version: Int = 1, removed: Date? = nil, storyID: String? = nil, isStoryLead: Bool = true) {
        self.id = id
        self.sourceID = sourceID
        self.itemID = itemID
        self.link = link
        self.title = title
        self.published = published
        self.firstSeen = firstSeen
        self.updated = updated
        self.outlet = outlet
        self.author = author
        self.categories = categories
        self.tags = tags
        self.imageURL = imageURL
        self.contentHTML = contentHTML
        self.contentText = contentText
        self.contentHash = contentHash
        self.version = version
        self.removed = removed
        self.storyID = storyID
        self.isStoryLead = isStoryLead
    }

    /// Whether finews recorded a newsworthy revision after first storing it (trivial edits do not count).
    public var isRevised: Bool { updated > firstSeen }

    /// The stable id for an item of a source: the first 16 hex digits of SHA-256 over both.
    public static func stableID(sourceID: String, itemID: String) -> String {
        String(Digest.sha256Hex(Data((sourceID + "\u{0}" + itemID).utf8)).prefix(16))
    }
}
