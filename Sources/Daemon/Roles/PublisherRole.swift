public import Config
import Foundation
public import Logging
import Model
import Publish
public import ServiceLifecycle
import Store

/// `finews serve --role publish`: renders the feeds into this process's output folder once at start and
/// again whenever the filer commits (it notifies `finews_changes`; without a notification it looks every
/// `republishEvery`, so a lost one only delays). Publishing is incremental (`Publisher.publish`: only the
/// feeds a change event touched since this folder's last publish), so several publishers, one per web
/// node, each keep their own folder.
public struct PublisherRole: Service {
    public let config: FinewsConfig
    public let cluster: ClusterArchive
    public let settings: ClusterSettings
    public let logger: Logger
    public var republishEvery: Duration = .seconds(5)

    public init(config: FinewsConfig, cluster: ClusterArchive, settings: ClusterSettings, logger: Logger) {
        self.config = config
        self.cluster = cluster
        self.settings = settings
        self.logger = logger
    }

    public func run() async throws {
        let coordination = cluster.coordination
        try coordination.heartbeat(role: ServeRole.publish.rawValue)
        let alive = Task { await keepAlive(coordination, role: .publish, settings: settings, logger: logger, renewingLeases: false) }
        let wakeup = Wakeup()
        let listener = Task { await listen(coordination, channel: PostgresCoordination.changesChannel, wakeup: wakeup, logger: logger) }
        defer {
            alive.cancel()
            listener.cancel()
        }
        let publisher = Publisher(archive: cluster.archive, config: config)
        logger.notice("publishing", metadata: ["output": "\(config.output.path)"])
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let written = try publisher.publish()
                if !written.isEmpty { logger.info("published", metadata: ["files written": "\(written.count)"]) }
            } catch {
                logger.error("publishing failed; trying again at the next change", metadata: ["error": "\(error)"])
            }
            await withGracefulShutdownHandler {
                await wakeup.wait(atMost: republishEvery)
            } onGracefulShutdown: {
                wakeup.signal()
            }
            if Task.isShuttingDownGracefully { break }
        }
        do { try coordination.leave() } catch { logger.warning("could not sign off", metadata: ["error": "\(error)"]) }
        logger.notice("publisher stopped")
    }
}
