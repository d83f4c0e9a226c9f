import Foundation
public import Model

/// Everything one refresh learned from one source (or one part of a large source), ready for the writer.
public struct SourceBatch: Sendable {
    public var sourceID: String {
        didSet { articleIDs = Self.ids(of: articles, sourceID: sourceID) }
    }
    public var kind: String
    public var title: String?
    public var articles: [PreparedArticle] {
        didSet { articleIDs = Self.ids(of: articles, sourceID: sourceID) }
    }
    /// Each article's stable id (`Article.stableID`), made where the batch is made, by the source's
    /// task, rather than by the single writer.
    public private(set) var articleIDs: [String]
    /// Every origin the source still lists, when it lists everything (a folder); nil otherwise. A
    /// source read in parts sends it with its last part only, so a refresh stopped halfway removes nothing.
    public var completeListing: Set<String>?
    /// What the source did not read again because it has not changed since stored.
    public var unchanged: UnchangedItems
    /// Stored origins the source fetched again to look for edits (rechecks), changed or not.
    public var checkedOrigins: Set<String> = []
    /// Per-item problems, already phrased for people.
    public var errors: [String]
    /// Items the source's keep/block rules turned away before storing.
    public var skipped = 0
    /// The whole source failed: nothing is concluded about its articles.
    public var failure: String?

    public init(sourceID: String, kind: String, title: String? = nil, articles: [PreparedArticle],
                completeListing: Set<String>? = nil, unchanged: UnchangedItems = .none, errors: [String] = [],
                failure: String? = nil) {
        self.sourceID = sourceID
        self.kind = kind
        self.title = title
        self.articles = articles
        articleIDs = Self.ids(of: articles, sourceID: sourceID)
        self.completeListing = completeListing
        self.unchanged = unchanged
        self.errors = errors
        self.failure = failure
    }
}

extension SourceBatch {
    static func ids(of articles: [PreparedArticle], sourceID: String) -> [String] {
        articles.map { Article.stableID(sourceID: sourceID, itemID: $0.itemID) }
    }
}

/// What the writer did with one source's batch (or, added up, with all its parts).
public struct SourceOutcome: Sendable, Equatable, Codable {
    public var sourceID: String
    public var new = 0
    public var updated = 0
    public var unchanged = 0
    public var removed = 0
    /// New or revised articles that joined the story of an article already stored.
    public var merged = 0
    /// Items the source's keep/block rules turned away; never stored.
    public var skipped = 0
    public var errors: [String] = []
    /// What was read but not as sent (damaged bytes dropped in decoding); not errors.
    public var warnings: [String] = []
    public var failure: String?
    /// When the source's server asked to be called again (Retry-After of a 429 or 503), if it did.
    public var retryAfter: Date?

    public init(sourceID: String) {
        self.sourceID = sourceID
    }

    public var hasErrors: Bool { failure != nil || !errors.isEmpty }

    /// Adds the counts and errors of another part of the same source.
    public mutating func add(_ other: SourceOutcome) {
        new += other.new
        updated += other.updated
        unchanged += other.unchanged
        removed += other.removed
        merged += other.merged
        skipped += other.skipped
        errors += other.errors
        warnings += other.warnings
        failure = failure ?? other.failure
    }
}
