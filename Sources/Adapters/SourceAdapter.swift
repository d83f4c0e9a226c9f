import Config
public import Fetch
import Foundation
public import Model

/// One adapter per source kind; each maps what it reads to raw `ArticleDraft`s (metadata and the body
/// as found). Naming, sanitizing and fingerprinting are the refresh's preparation stage, not theirs.
public protocol SourceAdapter: Sendable {
    var config: SourceConfig { get }
    /// Reads the source now. Problems with single items go into the reading's errors; only a failure
    /// of the whole source (an unreachable folder, a feed that does not parse) sets `failure`.
    func read(_ context: SourceContext) async -> SourceReading
    /// Reads the source in parts of at most `partSize` drafts, handing each to `deliver` before reading
    /// the next, so a large folder never sits in memory whole. Only the last part carries the source's
    /// complete listing. Kinds that read little at a time deliver one part.
    func read(_ context: SourceContext, partSize: Int,
              deliver: (SourceReading) async throws -> Void) async rethrows
}

extension SourceAdapter {
    public func read(_ context: SourceContext, partSize: Int,
                     deliver: (SourceReading) async throws -> Void) async rethrows {
        try await deliver(await read(context))
    }
}

/// What an adapter may know about the world while it reads.
public struct SourceContext: Sendable {
    /// The zone of dates that carry none.
    public var timeZone: TimeZone
    public var now: Date
    /// The stamps of the origins the archive holds for this source (origin → stamp), so an adapter can
    /// skip what has not changed since it was stored.
    public var storedStamps: [String: String]
    /// The origins (page URLs) of the source's stored articles: network adapters do not fetch those
    /// pages again. Adapters only consult them; what they skip they report as a count.
    public var storedOrigins: Set<String> = []
    /// Whether the archive holds anything from this source: one that held items and now lists none is failing.
    public var holdsItems = false
    /// Stored article pages due to be fetched again to catch edits (the `recheck` schedule).
    public var dueRechecks: Set<String> = []
    /// Validators of earlier responses per URL, for conditional GET.
    public var validators: [String: HTTPValidators] = [:]
    /// The refresh's HTTP client, shared by all network sources so pacing per host holds across them.
    public var client: HTTPClient?
    /// 0..<1, for request placeholders such as `{random}`; injected so replica tests are repeatable.
    public var random: @Sendable () -> Double = { Double.random(in: 0..<1) }

    public init(timeZone: TimeZone, now: Date, storedStamps: [String: String] = [:]) {
        self.timeZone = timeZone
        self.now = now
        self.storedStamps = storedStamps
    }
}

/// What the source's own URL answered, for its health and the HTTP cache.
public struct HTTPExchange: Sendable, Equatable {
    public var url: String
    /// The final status; nil when no response arrived (timeout, reset, refused).
    public var status: Int?
    /// Validators to store for `url` once the reading is stored cleanly.
    public var validators: HTTPValidators?
    /// When a throttling server asked to be called again.
    public var retryAfter: Date?

    public init(url: String, status: Int? = nil, validators: HTTPValidators? = nil, retryAfter: Date? = nil) {
        self.url = url
        self.status = status
        self.validators = validators
        self.retryAfter = retryAfter
    }

    /// 304: nothing was parsed and nothing changed.
    public var notModified: Bool { status == 304 }
}

/// The result of reading one source once.
public struct SourceReading: Sendable {
    public var drafts: [ArticleDraft] = []
    /// Per-item problems; the other items of the source still count.
    public var errors: [SourceError] = []
    /// What was read but not as sent (damaged bytes dropped in decoding); nothing failed.
    public var warnings: [String] = []
    /// For sources that list everything they hold (a folder): every origin seen, readable or not. An
    /// article whose origin is missing here was removed; one whose file failed to parse was not.
    public var completeListing: Set<String>?
    /// What was not read again because it has not changed since stored.
    public var unchanged: UnchangedItems = .none
    /// Stored origins fetched again for a recheck, whether or not they changed.
    public var checkedOrigins: Set<String> = []
    /// The whole source failed; nothing may be concluded about its articles.
    public var failure: SourceError?
    /// For network sources: what their own URL answered.
    public var http: HTTPExchange?

    public init(drafts: [ArticleDraft] = [], errors: [SourceError] = [], completeListing: Set<String>? = nil,
                failure: SourceError? = nil) {
        self.drafts = drafts
        self.errors = errors
        self.completeListing = completeListing
        self.failure = failure
    }

    /// Adds a later part of the same reading.
    public mutating func append(_ part: SourceReading) {
        drafts += part.drafts
        errors += part.errors
        warnings += part.warnings
        completeListing = part.completeListing ?? completeListing
        switch (unchanged, part.unchanged) {
        case let (.count(a), .count(b)): unchanged = .count(a + b)
        default: unchanged = .allNotRead
        }
        checkedOrigins.formUnion(part.checkedOrigins)
        failure = failure ?? part.failure
        http = http ?? part.http
    }
}

public enum SourceAdapters {
    /// The adapter for a configured source.
    public static func make(for config: SourceConfig) -> any SourceAdapter {
        switch config.kind {
        case .files: FilesSource(config: config)
        case .feed: FeedSource(config: config)
        case .json: JSONSource(config: config)
        case .html: HTMLSource(config: config)
        }
    }
}
