public import Config
import Foundation
public import Logging
import Model
import Refresh
public import ServiceLifecycle
import Store

/// `finews serve --role fetch`: claims due sources with leases, fetches and prepares them as a refresh
/// does (`Refresher.fetch`), and queues what it prepared in the intake for the filer. Due times are the
/// sources' health (`source_health.next_attempt`, written by the filer with the attempt), so every
/// worker, and a worker started later, agrees on them.
public struct FetchWorker: Service {
    public let config: FinewsConfig
    public let cluster: ClusterArchive
    public let settings: ClusterSettings
    public let logger: Logger

    public init(config: FinewsConfig, cluster: ClusterArchive, settings: ClusterSettings, logger: Logger) {
        self.config = config
        self.cluster = cluster
        self.settings = settings
        self.logger = logger
    }

    public func run() async throws {
        let coordination = cluster.coordination
        let sources = config.sources.filter(\.enabled).map(\.id)
        try coordination.register(sources: sources)
        try coordination.heartbeat(role: ServeRole.fetch.rawValue)
        logger.notice("fetch worker started", metadata: ["worker": "\(coordination.worker)", "sources": "\(sources.count)",
                                                         "lease": "\(settings.lease) s"])
        let alive = Task { await keepAlive(coordination, role: .fetch, settings: settings, logger: logger, renewingLeases: true) }
        defer { alive.cancel() }
        let refresher = Refresher(config: config, archive: cluster.archive, logger: logger)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let claimed: [String]
            do {
                claimed = try coordination.claimDue(among: sources, limit: settings.concurrentSources, lease: settings.lease)
            } catch {
                logger.error("cannot claim sources", metadata: ["error": "\(error)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: settings.poll) }
                continue
            }
            guard !claimed.isEmpty else {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: settings.poll) }
                continue
            }
            logger.info("claimed sources", metadata: ["sources": "\(claimed.count)"])
            do {
                // Not cancelled by a graceful shutdown: what is being fetched is queued, then the loop ends.
                let outcomes = try await refresher.fetch(claimed, into: coordination)
                for outcome in outcomes where outcome.failure != nil {
                    logger.warning("source failed", metadata: ["source": "\(outcome.sourceID)", "failure": "\(outcome.failure ?? "")"])
                }
            } catch {
                // Sources whose health was not queued keep their lease until it expires, then are claimed again.
                logger.error("fetching failed", metadata: ["error": "\(error)"])
            }
        }
        alive.cancel()
        do {
            try coordination.leave()
        } catch {
            logger.warning("could not sign off", metadata: ["error": "\(error)"])
        }
        logger.notice("fetch worker stopped")
    }
}
