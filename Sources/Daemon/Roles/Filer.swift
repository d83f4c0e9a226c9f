public import Config
import Foundation
public import Logging
import Model
import Refresh
public import ServiceLifecycle
import Store

/// `finews serve --role file`: the one writer of a cluster. It holds the filer lock (a PostgreSQL
/// advisory lock; others wait and try again every `poll`, so one takes over within about that when the
/// filer dies), and applies the intake in arrival order through the archive's writer: identity,
/// revisions and stories exactly as a single process would, each row deleted in the transaction that
/// applies it. A run of rows filed without the intake running dry is one refresh record (trigger
/// `schedule`), finished with its sources' outcomes when the intake is empty.
public struct Filer: Service {
    public let config: FinewsConfig
    public let cluster: ClusterArchive
    public let settings: ClusterSettings
    public let logger: Logger
    public let clock: any WallClock

    public init(config: FinewsConfig, cluster: ClusterArchive, settings: ClusterSettings, logger: Logger,
                clock: any WallClock = SystemClock()) {
        self.config = config
        self.cluster = cluster
        self.settings = settings
        self.logger = logger
        self.clock = clock
    }

    public func run() async throws {
        let coordination = cluster.coordination, archive = cluster.archive
        try coordination.heartbeat(role: ServeRole.file.rawValue)
        let alive = Task { await keepAlive(coordination, role: .file, settings: settings, logger: logger, renewingLeases: false) }
        let wakeup = Wakeup()
        let listener = Task { await listen(coordination, channel: PostgresCoordination.intakeChannel, wakeup: wakeup, logger: logger) }
        defer {
            alive.cancel()
            listener.cancel()
        }
        var holding = false
        var waitingSaid = false
        var filing: (id: Int64, outcomes: [String: SourceOutcome])?
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                if !holding || !coordination.stillHoldsFilerLock() {
                    if holding { logger.error("lost the filer lock (its connection broke); trying to take it again") }
                    holding = try coordination.tryTakeFilerLock()
                    if !holding {
                        if !waitingSaid { logger.notice("another process is the filer; waiting to take over") }
                        waitingSaid = true
                        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: settings.poll) }
                        continue
                    }
                    logger.notice("filing the intake", metadata: ["worker": "\(coordination.worker)"])
                }
                if filing == nil {
                    guard try coordination.intakeWaiting() > 0 else {
                        await wakeup.wait(atMost: settings.poll)
                        continue
                    }
                    filing = (try archive.beginRefresh(trigger: .schedule, at: clock.now()), [:])
                }
                guard let refresh = filing else { continue }
                let filed = try archive.fileIntake { row, transaction in
                    try row.writes.compactMap { try $0.run(in: transaction, refreshID: refresh.id, at: clock.now()) }
                }
                for rejected in filed.rejected {
                    logger.error("intake row rejected", metadata: ["row": "\(rejected.id)", "source": "\(rejected.source)",
                                                                   "reason": "\(rejected.reason)"])
                }
                for outcome in filed.outcomes { filing?.outcomes[outcome.sourceID, default: SourceOutcome(sourceID: outcome.sourceID)].add(outcome) }
                if filed.rows == 0 && filed.rejected.isEmpty {
                    let outcomes = refresh.outcomes.values.sorted { $0.sourceID < $1.sourceID }
                    try archive.finishRefresh(refresh.id, outcomes: outcomes, at: clock.now())
                    logger.info("filed", metadata: ["refresh": "\(refresh.id)", "sources": "\(outcomes.count)",
                                                    "new": "\(outcomes.map(\.new).reduce(0, +))"])
                    filing = nil
                }
            } catch {
                logger.error("filing failed; trying again", metadata: ["error": "\(error)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: settings.poll) }
            }
        }
        if let refresh = filing {
            let outcomes = refresh.outcomes.values.sorted { $0.sourceID < $1.sourceID }
            do { try archive.finishRefresh(refresh.id, outcomes: outcomes, at: clock.now()) } catch {
                logger.warning("could not finish the refresh record", metadata: ["error": "\(error)"])
            }
        }
        coordination.releaseFilerLock()
        do { try coordination.leave() } catch { logger.warning("could not sign off", metadata: ["error": "\(error)"]) }
        logger.notice("filer stopped")
    }
}
