import Dedup
import Foundation
import Model

/// Everything one refresh learned from one source, ready for the writer.
public struct SourceBatch: Sendable {
    public var sourceID: String
    public var kind: String
    public var title: String?
    /// Sanitized drafts, with plain text filled in.
    public var drafts: [ArticleDraft]
    /// Every origin the source still lists, when it lists everything (a folder); nil otherwise.
    public var completeListing: Set<String>?
    /// Origins the source did not read again because they have not changed since stored.
    public var unchangedOrigins: Set<String>
    /// Stored origins the source fetched again to look for edits (rechecks), changed or not.
    public var checkedOrigins: Set<String> = []
    /// Fingerprints of the drafts' text by item id, computed in parallel before the writer runs;
    /// the writer computes any that are missing.
    public var fingerprints: [String: Fingerprint] = [:]
    /// Per-item problems, already phrased for people.
    public var errors: [String]
    /// The whole source failed: nothing is concluded about its articles.
    public var failure: String?

    public init(sourceID: String, kind: String, title: String? = nil, drafts: [ArticleDraft],
                completeListing: Set<String>? = nil, unchangedOrigins: Set<String> = [], errors: [String] = [],
                failure: String? = nil) {
        self.sourceID = sourceID
        self.kind = kind
        self.title = title
        self.drafts = drafts
        self.completeListing = completeListing
        self.unchangedOrigins = unchangedOrigins
        self.errors = errors
        self.failure = failure
    }
}

/// What the writer did with one source's batch.
public struct SourceOutcome: Sendable, Equatable, Codable {
    public var sourceID: String
    public var new = 0
    public var updated = 0
    public var unchanged = 0
    public var removed = 0
    /// New or revised articles that joined the story of an article already stored.
    public var merged = 0
    public var errors: [String] = []
    public var failure: String?
    /// When the source's server asked to be called again (Retry-After of a 429 or 503), if it did.
    public var retryAfter: Date?

    public init(sourceID: String) {
        self.sourceID = sourceID
    }

    public var hasErrors: Bool { failure != nil || !errors.isEmpty }
}
