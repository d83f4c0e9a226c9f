public import Config
public import Logging
public import Model
public import Refresh
public import Store

/// Runs one refresh. The daemon uses `PipelineRefresh`; the seam exists so that a test can hold a real
/// refresh at its start and watch what the coordinator does meanwhile.
public protocol RefreshRunning: Sendable {
    func run(config: FinewsConfig, archive: any ArchiveStore, trigger: RefreshTrigger, sources: [String]?,
             progress: @escaping @Sendable (RefreshProgress) -> Void) async throws -> RefreshReport
}

/// The real pipeline: `Refresher` over the configuration and archive of the moment.
public struct PipelineRefresh: RefreshRunning {
    public let clock: any WallClock
    public let logger: Logger

    public init(clock: any WallClock = SystemClock(), logger: Logger) {
        self.clock = clock
        self.logger = logger
    }

    public func run(config: FinewsConfig, archive: any ArchiveStore, trigger: RefreshTrigger, sources: [String]?,
                    progress: @escaping @Sendable (RefreshProgress) -> Void) async throws -> RefreshReport {
        var refresher = Refresher(config: config, archive: archive, clock: clock, logger: logger)
        refresher.progress = progress
        return try await refresher.run(trigger: trigger, sources: sources)
    }
}
