public import Config
import Foundation
public import Logging
import Model
public import Refresh
public import Store

/// A whole refresh in one process on a PostgreSQL archive (`--role all`, `finews refresh` with no fetch
/// workers alive) writes as the filer: it takes the filer lock for the refresh, waiting while a filer
/// role holds it, so there is still one writer of the archive at a time.
public struct FilerLockedRefresh: RefreshRunning {
    public let inner: any RefreshRunning
    public let poll: Duration
    public let logger: Logger

    public init(_ inner: any RefreshRunning, poll: Duration = .seconds(1), logger: Logger) {
        self.inner = inner
        self.poll = poll
        self.logger = logger
    }

    public func run(config: FinewsConfig, archive: any ArchiveStore, trigger: RefreshTrigger, sources: [String]?,
                    progress: @escaping @Sendable (RefreshProgress) -> Void) async throws -> RefreshReport {
        guard let postgres = archive as? PostgresArchive else {
            return try await inner.run(config: config, archive: archive, trigger: trigger, sources: sources, progress: progress)
        }
        let coordination = try PostgresCoordination(postgres.server)
        return try await Self.holdingFilerLock(coordination, poll: poll, onWait: {
            logger.notice("a filer is writing to this archive; waiting for the filer lock")
        }) {
            try await inner.run(config: config, archive: archive, trigger: trigger, sources: sources, progress: progress)
        }
    }

    /// Runs `body` while holding the filer lock, waiting for it (checked every `poll`).
    public static func holdingFilerLock<T>(_ coordination: PostgresCoordination, poll: Duration = .seconds(1),
                                           onWait: () -> Void, _ body: () async throws -> T) async throws -> T {
        var said = false
        while try !coordination.tryTakeFilerLock() {
            if !said { onWait() }
            said = true
            try await Task.sleep(for: poll)
        }
        defer { coordination.releaseFilerLock() }
        return try await body()
    }
}

extension Daemon {
    /// The daemon's refresh: the pipeline, writing as the filer on PostgreSQL.
    static func pipeline(_ config: FinewsConfig, clock: any WallClock, logger: Logger) -> any RefreshRunning {
        let pipeline = PipelineRefresh(clock: clock, logger: logger)
        return config.databaseIsPostgres ? FilerLockedRefresh(pipeline, logger: logger) : pipeline
    }
}
