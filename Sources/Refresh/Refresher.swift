import Config
import Dedup
public import Fetch
import Foundation
import Logging
import Model
import Publish
import Sanitize
import Adapters
import Store

/// One refresh: read the due sources concurrently, clean their drafts, hand each batch to the single
/// writer, then publish. The daemon and `finews refresh` run this same type (ARCHITECTURE.md).
public struct Refresher: Sendable {
    public let config: FinewsConfig
    public let archive: Archive
    public let clock: any WallClock
    public var logger: Logger
    /// Called as sources finish, for a terminal progress line; never for pipes and logs.
    public var progress: (@Sendable (RefreshProgress) -> Void)?
    /// The client network sources share; nil: one is made per refresh from the config's `http:`.
    public var client: HTTPClient?

    public init(config: FinewsConfig, archive: Archive, clock: any WallClock = SystemClock(),
                logger: Logger = Logger(label: "finews.refresh")) {
        self.config = config
        self.archive = archive
        self.clock = clock
        self.logger = logger
    }

    /// Refreshes the given sources (all enabled ones when nil) and publishes.
    public func run(trigger: RefreshTrigger, sources ids: [String]? = nil) async throws -> RefreshReport {
        let selected = try select(ids)
        let refreshID = try archive.beginRefresh(trigger: trigger, at: clock.now())
        logger.info("refresh started", metadata: ["refresh": "\(refreshID)", "sources": "\(selected.count)"])
        var outcomes: [SourceOutcome] = []
        let client = selected.contains(where: \.kind.isNetwork) ? self.client ?? HTTPClient(policy: config.http) : nil
        try await withThrowingTaskGroup(of: (SourceBatch, HTTPExchange?).self) { group in
            let aliases = config.hostAliases
            for source in selected {
                let context = try context(for: source, client: client)
                group.addTask { await Self.read(source, context: context, hostAliases: aliases) }
            }
            for try await (batch, exchange) in group {
                var outcome = try archive.apply(batch, refreshID: refreshID, at: clock.now())
                outcome.retryAfter = exchange?.retryAfter
                try recordHealth(outcome, exchange: exchange, clean: batch.errors.isEmpty)
                log(outcome)
                outcomes.append(outcome)
                progress?(RefreshProgress(done: outcomes.count, total: selected.count, sourceID: batch.sourceID))
            }
        }
        outcomes.sort { $0.sourceID < $1.sourceID }
        try archive.finishRefresh(refreshID, outcomes: outcomes, at: clock.now())
        let published = try Publisher(archive: archive, config: config).publish()
        exportPosts()
        logger.info("refresh finished", metadata: ["refresh": "\(refreshID)", "files written": "\(published.count)"])
        return RefreshReport(refreshID: refreshID, outcomes: outcomes, publishedFiles: published)
    }

    private func select(_ ids: [String]?) throws(RefreshError) -> [SourceConfig] {
        guard let ids else { return config.sources.filter(\.enabled) }
        return try ids.map { id throws(RefreshError) in
            guard let source = config.source(id) else {
                throw .unknownSource(id: id, known: config.sources.map(\.id))
            }
            return source
        }
    }

    /// Reads one source and turns its drafts into what the archive stores: sanitized HTML (relative
    /// URLs resolved against the article's own link) and plain text.
    static func read(_ source: SourceConfig, context: SourceContext,
                     hostAliases: [String: String] = [:]) async -> (SourceBatch, HTTPExchange?) {
        let reading = await SourceAdapters.make(for: source).read(context)
        let identity = ItemIdentity(policy: source.idPolicy, hostAliases: hostAliases)
        let prepared = await prepare(reading.drafts.map { draft in
            var named = draft
            named.itemID = identity.itemID(of: draft)
            return named
        })
        var batch = SourceBatch(sourceID: source.id, kind: source.kind.rawValue, title: source.title,
                                drafts: prepared.drafts,
                           completeListing: reading.completeListing, unchangedOrigins: reading.unchangedOrigins,
                           errors: reading.errors.map(\.description),
                           failure: reading.failure?.description)
        batch.fingerprints = prepared.fingerprints
        batch.checkedOrigins = reading.checkedOrigins
        return (batch, reading.http)
    }

    /// What every draft goes through before the writer, on all cores: sanitized HTML (relative URLs
    /// resolved against the article's own link), plain text, and the near-duplicate fingerprint.
    static func prepare(_ drafts: [ArticleDraft]) async -> (drafts: [ArticleDraft], fingerprints: [String: Fingerprint]) {
        let fingerprinter = Fingerprinter()
        let prepared = await drafts.concurrentMap { draft in
            var clean = draft
            if !draft.contentIsSanitized {
                clean.contentHTML = Sanitizer(baseURL: draft.link).sanitize(html: draft.contentHTML)
                clean.contentIsSanitized = true
            }
            if clean.contentText.isEmpty { clean.contentText = HTMLText.plainText(fromHTML: clean.contentHTML) }
            return (clean, fingerprinter.fingerprint(clean.contentText))
        }
        return (prepared.map(\.0), Dictionary(prepared.map { ($0.0.itemID, $0.1) }, uniquingKeysWith: { first, _ in first }))
    }

    private func log(_ outcome: SourceOutcome) {
        var metadata: Logger.Metadata = [
            "source": "\(outcome.sourceID)", "new": "\(outcome.new)", "updated": "\(outcome.updated)",
            "unchanged": "\(outcome.unchanged)", "removed": "\(outcome.removed)",
        ]
        if let failure = outcome.failure {
            metadata["failure"] = "\(failure)"
            logger.error("source failed", metadata: metadata)
            return
        }
        for error in outcome.errors {
            logger.warning("item error", metadata: ["source": "\(outcome.sourceID)", "error": "\(error)"])
        }
        logger.info("source refreshed", metadata: metadata)
    }
}

public struct RefreshProgress: Sendable {
    public var done: Int
    public var total: Int
    public var sourceID: String
}

public struct RefreshReport: Sendable {
    public var refreshID: Int64
    public var outcomes: [SourceOutcome]
    public var publishedFiles: [String]

    public var hasErrors: Bool { outcomes.contains(where: \.hasErrors) }
}

public enum RefreshError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownSource(id: String, known: [String])

    public var description: String {
        switch self {
        case let .unknownSource(id, known):
            "no source '\(id)' in the configuration (configured: \(known.joined(separator: ", ")))"
        }
    }
}
