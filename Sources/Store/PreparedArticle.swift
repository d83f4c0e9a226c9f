public import Dedup
import Foundation
public import Model

/// A draft after the refresh's preparation stage: named under its source's id policy, its body
/// sanitized against its base URL, its plain text, near-duplicate fingerprint and search document
/// made. What the writer stores; the writer computes none of it again.
public struct PreparedArticle: Sendable {
    public var itemID: String
    public var origin: String?
    public var originStamp: String?
    public var link: String?
    /// With `contentText`, what `searchDocument` and `contentHash` were made from, so set once.
    public private(set) var title: String
    public var published: ZonedDate?
    public var outlet: String?
    public var author: String?
    public var categories: [Category]
    public var tags: [String]
    public var imageURL: String?
    /// Sanitized HTML.
    public var contentHTML: String
    /// Plain text of `contentHTML`, one line per block.
    public private(set) var contentText: String
    public var fingerprint: Fingerprint
    /// The title and text as the search index takes them; nil when prepared for an archive that keeps
    /// no index (the benchmark that measures what the index costs).
    public private(set) var searchDocument: SearchDocument?
    /// The hash of everything a reader sees, so any visible change makes a revision and nothing
    /// else does (the origin path or the time it was read do not count).
    public private(set) var contentHash: String

    public init(_ draft: ArticleDraft, itemID: String, contentHTML: String, contentText: String,
                fingerprint: Fingerprint, indexedForSearch: Bool = true) {
        self.itemID = itemID
        origin = draft.origin
        originStamp = draft.originStamp
        link = draft.link
        title = draft.title
        published = draft.published
        outlet = draft.outlet
        author = draft.author
        categories = draft.categories
        tags = draft.tags
        imageURL = draft.imageURL
        self.contentHTML = contentHTML
        self.contentText = contentText
        self.fingerprint = fingerprint
        searchDocument = indexedForSearch ? SearchDocument(title: draft.title, text: contentText) : nil
        contentHash = ""
        contentHash = hashOfVisibleContent()
    }

    /// An article prepared elsewhere, exactly as it was (a fetch worker's batch read back from the
    /// PostgreSQL intake, `IntakeWrite`): nothing is computed again.
    init(itemID: String, origin: String?, originStamp: String?, link: String?, title: String, published: ZonedDate?,
         outlet: String?, author: String?, categories: [Category], tags: [String], imageURL: String?,
         contentHTML: String, contentText: String, fingerprint: Fingerprint, searchDocument: SearchDocument?,
         contentHash: String) {
        self.itemID = itemID
        self.origin = origin
        self.originStamp = originStamp
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
        self.fingerprint = fingerprint
        self.searchDocument = searchDocument
        self.contentHash = contentHash
    }

    private func hashOfVisibleContent() -> String {
        let parts: [String] = [
            title, link ?? "", published?.rfc3339 ?? "", outlet ?? "", author ?? "",
            categories.map { $0.slug + "=" + $0.name }.joined(separator: ","), tags.joined(separator: ","),
            imageURL ?? "", contentHTML,
        ]
        return Digest.sha256Hex(parts.joined(separator: "\u{1F}"))
    }
}
