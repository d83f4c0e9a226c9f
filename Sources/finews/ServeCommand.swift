import ArgumentParser
import Config
import Daemon
import Foundation
import Metrics
import Prometheus

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run as a daemon: refresh on schedule and serve the feeds over HTTP.",
        discussion: """
            Each source is refreshed every `interval` (with jitter; failing sources back off). The feeds are served at
            the paths they have in the output folder, with an index page at /, /healthz and /metrics. SIGHUP reloads
            the configuration, SIGTERM stops after the refresh under way. `finews refresh` on the same configuration
            hands its job to this daemon.
            """)

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("Listen on this address instead of server.listen.", valueName: "host:port"))
    var listen: String?

    func validate() throws {
        if let listen, ListenAddress.parse(listen) == nil {
            throw ValidationError("--listen: '\(listen)' must be HOST:PORT, such as 127.0.0.1:8080")
        }
    }

    func run() async throws {
        let config = try options.load()
        let address = listen.flatMap(ListenAddress.parse) ?? config.server.listen
        try options.becomeArchiveOwnerIfRoot(config)
        let logger = DaemonLogHandler.logger(label: "finews")
        let daemon: Daemon
        do {
            daemon = try Daemon(config: config, logger: logger)
        } catch {
            throw CLIError.store(error)
        }
        // Anything in the process that reports through swift-metrics lands in the same registry as ours.
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: daemon.metrics.registry))
        do {
            try await daemon.run(listen: address)
        } catch {
            logger.critical("finews serve stopped", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
    }
}
