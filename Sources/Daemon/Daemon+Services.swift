public import Config
import Foundation
import Hummingbird
import Logging
import Server
public import ServiceLifecycle
import UnixSignals

extension Daemon {
    /// Binds the control socket and builds every service of `finews serve`. Their order matters:
    /// ServiceGroup stops them last to first, so the scheduler and the control socket stop taking work,
    /// then the writer drains (the refresh under way finishes its write), and HTTP goes last.
    public func services(listen: ListenAddress, idleTimeout: Duration = .seconds(15), hardStop: Duration? = nil,
                         onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws
        -> [ServiceGroupConfiguration.ServiceConfiguration] {
        // A node that only serves takes no refreshes: `finews refresh` on it finds no daemon to hand to.
        let handoff = servesOnly ? nil : try await HandoffServer.bind(path: Handoff.socketFile(stateDirectory: config.stateDirectory),
                                                                      logger: logger) { [self] request in await handle(request) }
        var options = FeedServer.Options(host: listen.host, port: listen.port)
        options.idleTimeout = .nanoseconds(Int64(idleTimeout.components.seconds) * 1_000_000_000
            + idleTimeout.components.attoseconds / 1_000_000_000)
        let http = FeedServer.application(backend: self, options: options, logger: logger) { [self] port in
            logger.notice("serving feeds", metadata: ["address": "http://\(listen.host):\(port)/",
                                                     "output": "\(currentOutputPath)", "socket": "\(handoff?.path.path ?? "none")"])
            notifier.ready(status: "serving on \(listen.host):\(port)")
            await onListening(port)
        }
        let services: [any Service] = if let handoff {
            [http, DrainService(daemon: self, hardStop: hardStop), handoff, SchedulerService(daemon: self), ReloadService(daemon: self),
             WatchdogService(daemon: self)]
        } else {
            [http, DrainService(daemon: self, hardStop: hardStop), ReloadService(daemon: self), WatchdogService(daemon: self)]
        }
        return services.map { .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup) }
    }

    /// Runs until SIGTERM or SIGINT. Shutdown is graceful for `maximumShutdown`, then cancels; a write
    /// that still has not finished at `hardStop` ends the process (SQLite rolls the transaction back), so
    /// systemd never has to SIGKILL us.
    public func run(listen: ListenAddress, maximumShutdown: Duration = .seconds(8), hardStop: Duration = .milliseconds(9_500))
        async throws {
        var configuration = ServiceGroupConfiguration(services: try await services(listen: listen, hardStop: hardStop),
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = maximumShutdown
        try await ServiceGroup(configuration: configuration).run()
    }
}

/// Refreshes sources as they fall due; the first pass (everything due) runs at start.
struct SchedulerService: Service {
    let daemon: Daemon

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await daemon.runDueSources()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: daemon.tick) }
        }
    }
}

/// On graceful shutdown, stops the writer taking work and waits for the refresh under way.
struct DrainService: Service {
    let daemon: Daemon
    let hardStop: Duration?

    func run() async throws {
        try? await gracefulShutdown()
        if let hardStop {
            Task.detached { [logger = daemon.logger] in
                try? await Task.sleep(for: hardStop)
                logger.error("the refresh did not finish in time; exiting without it")
                exit(1)
            }
        }
        daemon.notifier.stopping()
        daemon.logger.notice("stopping: waiting for the refresh under way, if any")
        await daemon.coordinator.drain()
    }
}

/// SIGHUP reloads the configuration (`systemctl reload finews`).
struct ReloadService: Service {
    let daemon: Daemon

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            await daemon.reload()
        }
    }
}

/// WATCHDOG=1 at half the interval systemd asked for, only while the writer's actor still answers, so a
/// wedged daemon is restarted rather than left serving stale feeds forever.
struct WatchdogService: Service {
    let daemon: Daemon

    func run() async throws {
        guard let interval = daemon.notifier.watchdogInterval else {
            try? await gracefulShutdown()
            return
        }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            _ = await daemon.coordinator.runCount
            daemon.notifier.watchdog()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
