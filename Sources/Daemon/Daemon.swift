public import Config
public import Foundation
public import Logging
public import Model
import Refresh
public import Store
import Synchronization

/// `finews serve`: the configuration of the moment, the single writer, the schedule, the metrics. The
/// services that run it (HTTP, control socket, scheduler, SIGHUP, watchdog) are in `Daemon+Services`.
public final class Daemon: Sendable {
    struct State {
        var config: FinewsConfig
        var archive: any ArchiveStore
        var schedule: SourceSchedule
    }

    public let configFile: URL
    public let coordinator: RefreshCoordinator
    public let metrics: DaemonMetrics
    public let notifier: SystemdNotifier
    public let logger: Logger
    let clock: any WallClock
    /// How often the scheduler looks at the clock; short in tests that move a `ManualClock`.
    let tick: Duration
    let state: Mutex<State>
    private let outputPathCache: Mutex<String>
    let generation = Atomic<Int>(0)
    /// Candidates of filtered requests (`?filter=…`), per feed, until the next publish.
    let filterCandidates = FilterCandidates()
    /// `--role web`: serves the feeds and pages only; refreshes run elsewhere (fetch workers and a filer).
    public let servesOnly: Bool

    public init(config: FinewsConfig, runner: (any RefreshRunning)? = nil, clock: any WallClock = SystemClock(),
                notifier: SystemdNotifier = SystemdNotifier(), logger: Logger, tick: Duration = .seconds(1),
                jitter: Double = 0.1, servesOnly: Bool = false) throws(StoreError) {
        let archive = try ArchiveBackend.open(config.database)
        self.servesOnly = servesOnly
        configFile = config.file
        metrics = DaemonMetrics()
        self.notifier = notifier
        self.logger = logger
        self.clock = clock
        self.tick = tick
        var schedule = SourceSchedule(jitter: jitter)
        schedule.plan(config.sources, now: clock.now())
        state = Mutex(State(config: config, archive: archive, schedule: schedule))
        outputPathCache = Mutex(config.output.path)
        coordinator = RefreshCoordinator(config: config, archive: archive,
                                         runner: runner ?? Self.pipeline(config, clock: clock, logger: logger),
                                         clock: clock, logger: logger, observer: metrics)
        metrics.updateArchiveGauges(archive)
    }

    public var config: FinewsConfig { state.withLock { $0.config } }
    public var archive: any ArchiveStore { state.withLock { $0.archive } }
    public var schedule: SourceSchedule { state.withLock { $0.schedule } }
    var currentOutputPath: String { outputPathCache.withLock { $0 } }

    /// Reads the configuration file again. A file that does not load (or an archive that does not open)
    /// leaves everything as it was, and the log says why. A refresh under way finishes on the old one.
    @discardableResult
    public func reload() async -> Bool {
        let old = config
        let next: FinewsConfig
        do {
            next = try FinewsConfig.load(from: configFile)
        } catch {
            logger.error("configuration not reloaded; keeping the previous one", metadata: ["reason": "\(error)"])
            notifier.status("reload failed: \(error)")
            return false
        }
        var archive = self.archive
        if next.database != old.database {
            do {
                archive = try ArchiveBackend.open(next.database)
            } catch {
                logger.error("configuration not reloaded; keeping the previous one", metadata: ["reason": "\(error)"])
                return false
            }
        }
        if next.server.listen != old.server.listen {
            logger.warning("server.listen changed; the new address takes effect after a restart",
                           metadata: ["listening": "\(old.server.listen)", "configured": "\(next.server.listen)"])
        }
        if next.stateDirectory != old.stateDirectory {
            logger.warning("state_dir changed; the control socket and lock move after a restart")
        }
        let now = clock.now()
        state.withLock { state in
            state.config = next
            state.archive = archive
            state.schedule.plan(next.sources, now: now)
        }
        outputPathCache.withLock { $0 = next.output.path }
        generation.add(1, ordering: .releasing)
        await coordinator.update(config: next, archive: archive)
        logger.notice("configuration reloaded", metadata: ["file": "\(configFile.path)", "sources": "\(next.sources.count)"])
        notifier.status("configuration reloaded; \(next.sources.count) sources")
        return true
    }

    /// Refreshes through the single writer and moves the schedule of the sources it covered.
    public func refresh(sources: [String]?, trigger: RefreshTrigger) async throws -> RefreshReport {
        let report: RefreshReport
        do {
            report = try await coordinator.refresh(sources: sources, trigger: trigger)
            generation.add(1, ordering: .releasing)
            warmFilterCandidates()
        } catch {
            generation.add(1, ordering: .releasing)
            throw error
        }
        await reschedule(report.outcomes.map(\.sourceID))
        notifier.status(Self.statusLine(report, at: clock.now(), zone: config.timeZone))
        return report
    }

    /// One pass of the scheduler: refreshes whatever is due now.
    public func runDueSources() async {
        let now = clock.now()
        let due = state.withLock { $0.schedule.dueSources(at: now) }
        guard !due.isEmpty else { return }
        do {
            _ = try await refresh(sources: due, trigger: .schedule)
        } catch RefreshCoordinator.CoordinatorError.shuttingDown {
            return
        } catch {
            await reschedule(due)
        }
    }

    private func reschedule(_ ids: [String]) async {
        let health = await coordinator.health
        let now = clock.now()
        var random = SystemRandomNumberGenerator()
        state.withLock { state in
            for id in ids {
                state.schedule.completed(id, failures: health[id]?.consecutiveFailures ?? 0,
                                         retryAfter: health[id]?.retryAfter, at: now, using: &random)
            }
        }
    }

    static func statusLine(_ report: RefreshReport, at date: Date, zone: TimeZone) -> String {
        let new = report.outcomes.map(\.new).reduce(0, +), updated = report.outcomes.map(\.updated).reduce(0, +)
        let errors = report.outcomes.map { $0.errors.count + ($0.failure == nil ? 0 : 1) }.reduce(0, +)
        return "last refresh \(ZonedDate(date: date, timeZone: zone).rfc3339): \(new) new, \(updated) updated, \(errors) errors"
    }
}
