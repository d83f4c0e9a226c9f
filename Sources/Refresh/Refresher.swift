import Config
public import Fetch
import Foundation
import Logging
import Model
import Publish
import Synchronization
import Adapters
import Store
import Subscribe

/// One refresh: read the due sources concurrently, prepare their drafts (`Preparation`), hand each
/// batch to the single writer (`ArchiveWriter`), then publish. A large folder is read, prepared and
/// stored in parts of `partSize` drafts, each part committed (with whatever else the writer's group
/// holds) before the next is queued, so memory stays flat and a refresh stopped halfway keeps what it
/// stored. The daemon and `finews refresh` run this same type
/// (ARCHITECTURE.md).
public struct Refresher: Sendable {
    public let config: FinewsConfig
    public let archive: any ArchiveStore
    public let clock: any WallClock
    public var logger: Logger
    /// Called as sources finish and as parts of a large source are stored, for a terminal progress
    /// line; never for pipes and logs.
    public var progress: (@Sendable (RefreshProgress) -> Void)?
    /// The client network sources share; nil: one is made per refresh from the config's `http:`.
    public var client: HTTPClient?
    /// Drafts per part when a source reads in parts (a folder); the writer may commit a part together
    /// with other sources' batches (`ArchiveWriter`).
    public var partSize = 64

    public init(config: FinewsConfig, archive: any ArchiveStore, clock: any WallClock = SystemClock(),
                logger: Logger = Logger(label: "finews.refresh")) {
        self.config = config
        self.archive = archive
        self.clock = clock
        self.logger = logger
    }

    /// Refreshes the given sources (all enabled ones when nil) and publishes.
    public func run(trigger: RefreshTrigger, sources ids: [String]? = nil) async throws -> RefreshReport {
        let started = ContinuousClock.now
        let selected = try select(ids)
        let refreshID = try archive.beginRefresh(trigger: trigger, at: clock.now())
        logger.info("refresh started", metadata: ["refresh": "\(refreshID)", "sources": "\(selected.count)"])
        var outcomes: [SourceOutcome] = []
        let client = selected.contains(where: \.kind.isNetwork) ? self.client ?? HTTPClient(policy: config.http) : nil
        let writer = ArchiveWriter(archive: archive, refreshID: refreshID, clock: clock)
        let counter = ProgressCounter(total: selected.count)
        try await withThrowingTaskGroup(of: SourceOutcome.self) { group in
            for source in selected {
                let context = try context(for: source, client: client)
                group.addTask { try await refresh(source, context: context, writer: writer, counter: counter) }
            }
            for try await outcome in group {
                log(outcome)
                outcomes.append(outcome)
                progress?(counter.sourceFinished(outcome.sourceID))
            }
        }
        outcomes.sort { $0.sourceID < $1.sourceID }
        try archive.finishRefresh(refreshID, outcomes: outcomes, at: clock.now())
        let stored = ContinuousClock.now
        let published = try Publisher(archive: archive, config: config).publish()
        let publishing = ContinuousClock.now - stored
        exportPosts()
        logger.info("refresh finished", metadata: [
            "refresh": "\(refreshID)", "files written": "\(published.count)",
            "writer transactions": "\(writer.committedGroups.count)", "writer busy": "\(writer.timeWriting.wall)", "writer CPU": "\(writer.timeWriting.cpu)",
            "stored after": "\(stored - started)", "publishing": "\(publishing)",
        ])
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

    /// One source: its adapter reads (in parts, for a folder), each part is prepared and handed to the
    /// writer, then the source's health is recorded. While the writer stores one part the next is read
    /// and prepared, so the writer and the other cores work at once; at most one part waits for the
    /// writer, so memory stays two parts deep.
    func refresh(_ source: SourceConfig, context: SourceContext, writer: some SourceWrites,
                 counter: ProgressCounter) async throws -> SourceOutcome {
        let preparation = Preparation(identity: ItemIdentity(policy: source.idPolicy, hostAliases: config.hostAliases),
                                      indexesForSearch: writer.indexesForSearch)
        var stored = StoredParts(sourceID: source.id, counter: counter, progress: progress)
        var named = ItemNames()
        var exchange: HTTPExchange?
        var warnings: [String] = []
        do {
            try await SourceAdapters.make(for: source).read(context, partSize: partSize) { reading in
                // A refresh cancelled (the daemon stopping) ends between parts: what is stored stays,
                // and the next refresh finds those files unchanged and carries on.
                try Task.checkCancellation()
                let (prepared, skipped) = source.rules.apply(await preparation.prepare(reading.drafts)) {
                    ItemFields(title: $0.title, text: $0.contentText, author: $0.author, outlet: $0.outlet, link: $0.link)
                }
                var batch = SourceBatch(sourceID: source.id, kind: source.kind.rawValue, title: source.title,
                                        articles: named.firstOfEach(prepared),
                                        completeListing: reading.completeListing, unchanged: reading.unchanged,
                                        errors: reading.errors.map(\.description) + named.takeRepeats(),
                                        failure: reading.failure?.description)
                batch.checkedOrigins = reading.checkedOrigins
                batch.skipped = skipped
                exchange = exchange ?? reading.http
                warnings += reading.warnings
                try await stored.waitForPrevious()
                try Task.checkCancellation()
                stored.submit(batch, to: writer)
            }
            try await stored.waitForPrevious()
        } catch {
            await stored.settle()
            throw error
        }
        var outcome = stored.total
        outcome.retryAfter = exchange?.retryAfter
        outcome.warnings = warnings
        try await writer.record(healthWrites(outcome, exchange: exchange, clean: stored.clean), of: source.id)
        return outcome
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
        for warning in outcome.warnings {
            logger.warning("damaged bytes dropped", metadata: ["source": "\(outcome.sourceID)", "warning": "\(warning)"])
        }
        logger.info("source refreshed", metadata: metadata)
    }
}

public struct RefreshProgress: Sendable {
    /// Sources finished, of `total`.
    public var done: Int
    public var total: Int
    /// The source that finished, or stored a part.
    public var sourceID: String
    /// Articles the writer has handled so far in this refresh (new, updated, unchanged).
    public var articles: Int
}

/// The running totals behind `RefreshProgress`, updated from the sources' tasks.
final class ProgressCounter: Sendable {
    private let state = Mutex<(done: Int, articles: Int)>((0, 0))
    let total: Int

    init(total: Int) {
        self.total = total
    }

    func partStored(_ sourceID: String, articles outcome: SourceOutcome) -> RefreshProgress {
        state.withLock { state in
            state.articles += outcome.new + outcome.updated + outcome.unchanged
            return RefreshProgress(done: state.done, total: total, sourceID: sourceID, articles: state.articles)
        }
    }

    func sourceFinished(_ sourceID: String) -> RefreshProgress {
        state.withLock { state in
            state.done += 1
            return RefreshProgress(done: state.done, total: total, sourceID: sourceID, articles: state.articles)
        }
    }
}

/// The parts of one source on their way through the writer: one at a time in flight, the outcomes
/// added up as they land.
struct StoredParts {
    let sourceID: String
    let counter: ProgressCounter
    let progress: (@Sendable (RefreshProgress) -> Void)?
    private(set) var total: SourceOutcome
    /// Whether every part came without item errors (HTTP validators are kept only then).
    private(set) var clean = true
    private var inFlight: Task<SourceOutcome, any Error>?

    init(sourceID: String, counter: ProgressCounter, progress: (@Sendable (RefreshProgress) -> Void)?) {
        self.sourceID = sourceID
        self.counter = counter
        self.progress = progress
        total = SourceOutcome(sourceID: sourceID)
    }

    mutating func submit(_ batch: SourceBatch, to writer: some SourceWrites) {
        clean = clean && batch.errors.isEmpty
        inFlight = Task { try await writer.apply(batch) }
    }

    /// Waits for the part in flight to be stored and counts it.
    mutating func waitForPrevious() async throws {
        guard let part = inFlight else { return }
        inFlight = nil
        let outcome = try await part.value
        total.add(outcome)
        let step = counter.partStored(sourceID, articles: outcome)
        progress?(step)
    }

    /// After a failure: lets the part in flight finish (committed whole or not at all) before the
    /// refresh gives up, so nothing writes after it has returned.
    mutating func settle() async {
        guard let part = inFlight else { return }
        inFlight = nil
        _ = await part.result
    }
}

/// Item ids already stored by earlier parts of the same source in this refresh: a second draft with
/// the same id (two files with one `infoCode`) is reported, as the writer does within one batch,
/// instead of overwriting the first as a revision.
struct ItemNames {
    private var seen: [String: String] = [:]
    private var repeats: [String] = []

    mutating func firstOfEach(_ articles: [PreparedArticle]) -> [PreparedArticle] {
        articles.filter { article in
            let place = article.origin ?? article.itemID
            if let earlier = seen[article.itemID] {
                repeats.append("\(place): same item id '\(article.itemID)' as \(earlier); skipped")
                return false
            }
            seen[article.itemID] = place
            return true
        }
    }

    mutating func takeRepeats() -> [String] {
        defer { repeats.removeAll() }
        return repeats
    }
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
