import ArgumentParser
import Config
import Daemon
import Foundation
import Logging
import Store
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

            On a PostgreSQL archive the daemon's work can be split across processes and machines with --role:
            fetch workers claim due sources with leases and queue what they prepared, one filer (an advisory lock;
            a waiting filer takes over within seconds) stores it, publishers render the feeds into their own output
            folder whenever the filer commits, web nodes serve them. Every role takes the same options.
            """)

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("Listen on this address instead of server.listen (roles fetch, file and publish serve no HTTP and ignore it).",
                               valueName: "host:port"))
    var listen: String?

    @Option(help: ArgumentHelp(
        "What this process does: all (the daemon of one machine), or one part of a cluster on a PostgreSQL archive: "
            + "fetch (claim due sources, fetch and prepare them), file (the one writer), publish (render the feeds), "
            + "web (serve the feeds and pages).",
        valueName: "role"))
    var role: String = ServeRole.all.rawValue

    @Option(help: ArgumentHelp("Publish and serve this output folder instead of the configuration's output.", valueName: "path"))
    var output: String?

    @Option(help: ArgumentHelp("Seconds a fetch worker's claim on a source lasts without renewal (a dead worker's sources "
                               + "are fetched by another one after this).", valueName: "seconds"))
    var lease: Double = ClusterSettings().lease

    func validate() throws {
        if let listen, ListenAddress.parse(listen) == nil {
            throw ValidationError("--listen: '\(listen)' must be HOST:PORT, such as 127.0.0.1:8080")
        }
        if ServeRole(rawValue: role) == nil {
            throw ValidationError("--role: '\(role)' is not a role (\(ServeRole.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        if !(lease >= 1 && lease <= 86_400) {
            throw ValidationError("--lease: \(lease) must be between 1 and 86400 seconds")
        }
    }

    func run() async throws {
        var config = try options.load()
        if let output { config.output = URL(fileURLWithPath: output, isDirectory: true) }
        let role = ServeRole(rawValue: role) ?? .all
        let address = listen.flatMap(ListenAddress.parse) ?? config.server.listen
        try options.becomeArchiveOwnerIfRoot(config)
        let logger = DaemonLogHandler.logger(label: role == .all ? "finews" : "finews.\(role.rawValue)")
        guard role.servesHTTP else {
            try await runCooperating(role, config: config, logger: logger)
            return
        }
        if role.needsPostgres && !config.databaseIsPostgres {
            throw CLIError.usage(RoleError.needsPostgres(role, database: config.database.path).description)
        }
        let daemon: Daemon
        do {
            daemon = try Daemon(config: config, logger: logger, servesOnly: role == .web)
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

    private func runCooperating(_ role: ServeRole, config: FinewsConfig, logger: Logger) async throws {
        var settings = ClusterSettings()
        settings.lease = lease
        let cluster: ClusterArchive
        do {
            cluster = try ClusterArchive(config: config, role: role)
        } catch let error as RoleError {
            throw CLIError.usage(error.description)
        } catch let error as StoreError {
            throw CLIError.store(error)
        }
        do {
            switch role {
            case .fetch:
                try await ServeRole.runCooperating(FetchWorker(config: config, cluster: cluster, settings: settings, logger: logger), logger: logger)
            case .file:
                try await ServeRole.runCooperating(Filer(config: config, cluster: cluster, settings: settings, logger: logger), logger: logger)
            case .publish:
                try await ServeRole.runCooperating(PublisherRole(config: config, cluster: cluster, settings: settings, logger: logger), logger: logger)
            case .all, .web:
                return
            }
        } catch {
            logger.critical("finews serve stopped", metadata: ["role": "\(role.rawValue)", "error": "\(error)"])
            throw ExitCode(1)
        }
    }
}
