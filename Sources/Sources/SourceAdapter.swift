import Config
import Foundation
import Model

/// One adapter per source kind; each maps what it reads to `ArticleDraft`.
public protocol SourceAdapter: Sendable {
    var config: SourceConfig { get }
    /// Reads the source now. Problems with single items go into the reading's errors; only a failure
    /// of the whole source (an unreachable folder, a feed that does not parse) sets `failure`.
    func read(_ context: SourceContext) async -> SourceReading
}

/// What an adapter may know about the world while it reads.
public struct SourceContext: Sendable {
    /// The zone of dates that carry none.
    public var timeZone: TimeZone
    public var now: Date
    /// The stamps of the origins the archive holds for this source (origin → stamp), so an adapter can
    /// skip what has not changed since it was stored.
    public var storedStamps: [String: String]

    public init(timeZone: TimeZone, now: Date, storedStamps: [String: String] = [:]) {
        self.timeZone = timeZone
        self.now = now
        self.storedStamps = storedStamps
    }
}

/// The result of reading one source once.
public struct SourceReading: Sendable {
    public var drafts: [ArticleDraft] = []
    /// Per-item problems; the other items of the source still count.
    public var errors: [SourceError] = []
    /// For sources that list everything they hold (a folder): every origin seen, readable or not. An
    /// article whose origin is missing here was removed; one whose file failed to parse was not.
    public var completeListing: Set<String>?
    /// Origins whose stamp matches the stored one: not read again, and known to be unchanged.
    public var unchangedOrigins: Set<String> = []
    /// The whole source failed; nothing may be concluded about its articles.
    public var failure: SourceError?

    public init(drafts: [ArticleDraft] = [], errors: [SourceError] = [], completeListing: Set<String>? = nil,
                failure: SourceError? = nil) {
        self.drafts = drafts
        self.errors = errors
        self.completeListing = completeListing
        self.failure = failure
    }
}

public enum SourceAdapters {
    /// The adapter for a configured source.
    public static func make(for config: SourceConfig) -> any SourceAdapter {
        switch config.kind {
        case .files: FilesSource(config: config)
        }
    }
}
