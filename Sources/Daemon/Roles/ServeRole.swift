public import Config
import Foundation
public import Logging
import Model
import Refresh
import ServiceLifecycle
public import Store
import Synchronization
import UnixSignals

/// What one `finews serve` process does (issue 16). `all` is the daemon of one machine, on SQLite or
/// PostgreSQL; the other roles split it across processes that share a PostgreSQL archive and coordinate
/// through it (`PostgresCoordination`): fetch workers fetch and prepare, one filer writes, publishers
/// render feeds, web nodes serve them.
public enum ServeRole: String, Sendable, CaseIterable {
    case all, fetch, file, publish, web

    /// Whether the role needs a PostgreSQL archive (every role but `all` coordinates through one).
    public var needsPostgres: Bool { self != .all }
    /// Whether the role serves HTTP (`--listen` is accepted and ignored by the others).
    public var servesHTTP: Bool { self == .all || self == .web }
}

/// Settings of the cooperating roles, the same for every process of a cluster.
public struct ClusterSettings: Sendable {
    /// How long a fetch worker's claim on a source lasts without renewal; a dead worker's sources are
    /// claimed by another one after this.
    public var lease: Double = 60
    /// How often a waiting process looks again when no notification came (the filer lock, due sources).
    public var poll: Duration = .seconds(1)
    /// Sources a fetch worker reads at once.
    public var concurrentSources = 64
    /// A process whose heartbeat is older than this counts as gone (`finews refresh`).
    public var heartbeatAge: Double = 10

    public init() {}
}

public enum RoleError: Error, CustomStringConvertible {
    case needsPostgres(ServeRole, database: String)

    public var description: String {
        switch self {
        case let .needsPostgres(role, database):
            "--role \(role.rawValue) coordinates with other processes through a PostgreSQL archive "
                + "(database: postgresql://…); this configuration's archive is \(database). Use --role all for one process."
        }
    }
}

/// A role's PostgreSQL archive and coordination, opened from the configuration.
public struct ClusterArchive: Sendable {
    public let archive: PostgresArchive
    public let coordination: PostgresCoordination

    public init(config: FinewsConfig, role: ServeRole) throws {
        guard config.databaseIsPostgres else {
            throw RoleError.needsPostgres(role, database: config.database.path)
        }
        let location = try PostgresLocation(url: config.database.absoluteString)
        guard let archive = try ArchiveBackend.open(config.database) as? PostgresArchive else {
            throw RoleError.needsPostgres(role, database: config.database.absoluteString)
        }
        self.archive = archive
        coordination = try PostgresCoordination(location)
    }
}

/// Wakes a waiting loop early: a notification arrived. A wait without one ends after its time anyway,
/// so a notification lost with a broken connection only delays.
final class Wakeup: Sendable {
    private let state = Mutex<(pending: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns at the next signal (or at once if one came since the last wait), or after `limit`.
    func wait(atMost limit: Duration) async {
        let timer = Task { [weak self] in
            try await Task.sleep(for: limit)
            self?.signal()
        }
        defer { timer.cancel() }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.pending {
                    state.pending = false
                    return true
                }
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}

/// Keeps `coordination`'s heartbeat (and, for a fetch worker, its leases) fresh until cancelled.
func keepAlive(_ coordination: PostgresCoordination, role: ServeRole, settings: ClusterSettings, logger: Logger,
               renewingLeases: Bool) async {
    let every = renewingLeases ? min(settings.poll, .milliseconds(Int64(settings.lease * 1000 / 3))) : settings.poll
    while !Task.isCancelled {
        do {
            try coordination.heartbeat(role: role.rawValue)
            if renewingLeases { try coordination.renewLeases(lease: settings.lease) }
        } catch {
            logger.error("cannot reach the archive for the heartbeat", metadata: ["error": "\(error)"])
        }
        try? await Task.sleep(for: every)
    }
}

/// Listens on `channel` for as long as the task runs, reconnecting after a broken connection.
func listen(_ coordination: PostgresCoordination, channel: String, wakeup: Wakeup, logger: Logger) async {
    while !Task.isCancelled {
        do {
            try await coordination.listen(channel) { wakeup.signal() }
        } catch {
            if Task.isCancelled { return }
            logger.warning("listening stopped; listening again", metadata: ["channel": "\(channel)", "error": "\(error)"])
        }
        try? await Task.sleep(for: .seconds(1))
    }
}

extension ServeRole {
    /// Runs a role without HTTP (fetch, file, publish) until SIGTERM or SIGINT.
    public static func runCooperating(_ service: some Service, logger: Logger) async throws {
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
