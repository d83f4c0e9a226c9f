public import Config
public import Foundation
public import Logging
public import Model
public import Refresh
public import Store

/// The single writer of the daemon. Refreshes run one at a time; a request that arrives while one runs
/// waits for the next run, and every request that arrives during the same run joins that one next run
/// (their sources merged) — queued, never doubled. A run is an unstructured task, so shutdown and
/// cancellation of the caller never cut a write short; `drain()` waits for it.
public actor RefreshCoordinator {
    public enum CoordinatorError: Error, Equatable, CustomStringConvertible {
        case shuttingDown
        case failed(String)

        public var description: String {
            switch self {
            case .shuttingDown: "finews is shutting down; the refresh was not started"
            case .failed(let reason): "the refresh failed: \(reason)"
            }
        }
    }

    private struct Pending {
        /// nil: every enabled source.
        var sources: Set<String>?
        var trigger: RefreshTrigger
        var waiters: [CheckedContinuation<RefreshReport, any Error>] = []

        mutating func merge(_ other: Set<String>?, _ otherTrigger: RefreshTrigger) {
            if let mine = sources, let other { sources = mine.union(other) } else { sources = nil }
            if otherTrigger == .manual { trigger = .manual }
        }
    }

    public private(set) var config: FinewsConfig
    public private(set) var archive: any ArchiveStore
    private let runner: any RefreshRunning
    private let lock: WriterLock
    private let clock: any WallClock
    private let logger: Logger
    private let observer: (any RefreshObserver)?

    private var current: Task<Void, Never>?
    private var pending: Pending?
    private var closed = false

    /// Refreshes started since the daemon began.
    public private(set) var runCount = 0
    public private(set) var running: (trigger: RefreshTrigger, since: Date)?
    public private(set) var lastFinished: Date?
    /// Set when the last run threw (the archive could not be written, publishing failed).
    public private(set) var lastFailure: String?
    public private(set) var health: [String: SourceHealth] = [:]
    /// Requests waiting for the next run (not the one under way).
    public var queuedRequests: Int { pending?.waiters.count ?? 0 }

    public init(config: FinewsConfig, archive: any ArchiveStore, runner: any RefreshRunning, clock: any WallClock,
                logger: Logger, observer: (any RefreshObserver)? = nil) {
        self.config = config
        self.archive = archive
        self.runner = runner
        self.lock = WriterLock(stateDirectory: config.stateDirectory)
        self.clock = clock
        self.logger = logger
        self.observer = observer
    }

    /// Takes effect from the next run; a run under way finishes with what it started with.
    public func update(config: FinewsConfig, archive: any ArchiveStore) {
        self.config = config
        self.archive = archive
        let ids = Set(config.sources.map(\.id))
        health = health.filter { ids.contains($0.key) }
    }

    /// Refreshes the given sources (every enabled one when nil), waiting for a run under way first.
    /// The report lists the sources asked for (the run may have covered more).
    public func refresh(sources: [String]? = nil, trigger: RefreshTrigger) async throws -> RefreshReport {
        if let sources, let unknown = sources.first(where: { config.source($0) == nil }) {
            throw RefreshError.unknownSource(id: unknown, known: config.sources.map(\.id))
        }
        let report = try await withCheckedThrowingContinuation { continuation in
            enqueue(sources.map(Set.init), trigger: trigger, continuation)
        }
        guard let sources else { return report }
        var narrowed = report
        narrowed.outcomes = report.outcomes.filter { sources.contains($0.sourceID) }
        return narrowed
    }

    /// Stops taking requests (queued ones are told so) and waits for the run under way.
    public func drain() async {
        closed = true
        if let pending {
            for waiter in pending.waiters { waiter.resume(throwing: CoordinatorError.shuttingDown) }
            self.pending = nil
        }
        await current?.value
    }

    private func enqueue(_ sources: Set<String>?, trigger: RefreshTrigger,
                         _ continuation: CheckedContinuation<RefreshReport, any Error>) {
        guard !closed else { return continuation.resume(throwing: CoordinatorError.shuttingDown) }
        if pending == nil {
            pending = Pending(sources: sources, trigger: trigger)
        } else {
            pending?.merge(sources, trigger)
            logger.info("refresh queued behind the one under way", metadata: ["trigger": "\(trigger.rawValue)"])
        }
        pending?.waiters.append(continuation)
        startNextIfIdle()
    }

    private func startNextIfIdle() {
        guard current == nil, let next = pending else { return }
        pending = nil
        runCount += 1
        running = (next.trigger, clock.now())
        let config = self.config, archive = self.archive
        current = Task { await self.execute(next, config: config, archive: archive) }
    }

    private func execute(_ job: Pending, config: FinewsConfig, archive: any ArchiveStore) async {
        let started = ContinuousClock.now
        let ids = job.sources.map { $0.sorted() }
        let observer = self.observer
        let result: Result<RefreshReport, any Error>
        do {
            let report = try await lock.withLock(onWait: { [logger] in
                logger.notice("another finews process is writing; waiting for it")
            }) {
                try await runner.run(config: config, archive: archive, trigger: job.trigger, sources: ids) { step in
                    observer?.sourceFinished(step.sourceID, after: ContinuousClock.now - started)
                }
            }
            result = .success(report)
        } catch {
            result = .failure(error)
        }
        finish(job, result: result, duration: ContinuousClock.now - started, archive: archive)
    }

    private func finish(_ job: Pending, result: Result<RefreshReport, any Error>, duration: Duration, archive: any ArchiveStore) {
        let now = clock.now()
        switch result {
        case .success(let report):
            for outcome in report.outcomes { health[outcome.sourceID, default: SourceHealth()].record(outcome, at: now) }
            lastFinished = now
            lastFailure = nil
            observer?.refreshFinished(report, trigger: job.trigger, duration: duration, archive: archive)
            for waiter in job.waiters { waiter.resume(returning: report) }
        case .failure(let error):
            let reason = "\(error)"
            logger.error("refresh failed", metadata: ["error": "\(reason)"])
            let ids = job.sources.map(Array.init) ?? config.sources.filter(\.enabled).map(\.id)
            for id in ids { health[id, default: SourceHealth()].recordAbort(reason, at: now) }
            lastFailure = reason
            observer?.refreshFailed(trigger: job.trigger, duration: duration)
            let surfaced: any Error = error is RefreshError ? error : CoordinatorError.failed(reason)
            for waiter in job.waiters { waiter.resume(throwing: surfaced) }
        }
        running = nil
        current = nil
        startNextIfIdle()
    }
}

/// Told about refreshes as they happen (metrics, sd_notify status).
public protocol RefreshObserver: Sendable {
    func sourceFinished(_ sourceID: String, after: Duration)
    func refreshFinished(_ report: RefreshReport, trigger: RefreshTrigger, duration: Duration, archive: any ArchiveStore)
    func refreshFailed(trigger: RefreshTrigger, duration: Duration)
}
