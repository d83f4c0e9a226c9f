import Config
import Daemon
import Foundation
import Logging
import ServiceLifecycle
import TestSupport

/// A real `finews serve` in this process: a workspace with the seeds, the daemon over it, and its
/// services (HTTP on 127.0.0.1 with a port from the system, the control socket) in a ServiceGroup.
final class TestServer: Sendable {
    let workspace: Workspace
    let daemon: Daemon
    let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// `scheduled: false` disables the source, so nothing refreshes unless a test asks by id.
    static func start(token: String? = nil, refreshFirst: Bool = true, scheduled: Bool = true,
                      idleTimeout: Duration = .seconds(15), topLevel: String = "") async throws -> TestServer {
        let workspace = try Workspace()
        var text = try String(contentsOf: workspace.configFile, encoding: .utf8)
        text = text.replacingOccurrences(of: "sources:\n", with: topLevel + "sources:\n")
        if !scheduled { text = text.replacingOccurrences(of: "kind: files", with: "kind: files\n    enabled: false") }
        if let token { text += "\nserver:\n  refresh_token: \(token)\n" }
        try text.write(to: workspace.configFile, atomically: true, encoding: .utf8)
        let config = try FinewsConfig.load(from: workspace.configFile)
        var logger = Logger(label: "test")
        logger.logLevel = .error
        // A long tick: these tests drive refreshes themselves, the scheduler only runs the first pass.
        let daemon = try Daemon(config: config, logger: logger, tick: .seconds(3600))
        if refreshFirst { _ = try await daemon.refresh(sources: nil, trigger: .manual) }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let services = try await daemon.services(listen: ListenAddress(host: "127.0.0.1", port: 0), idleTimeout: idleTimeout) { port in
            continuation.yield(port)
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: services, logger: logger))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        return TestServer(workspace: workspace, daemon: daemon, port: port, group: group, task: task)
    }

    private init(workspace: Workspace, daemon: Daemon, port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.workspace = workspace
        self.daemon = daemon
        self.port = port
        self.group = group
        self.task = task
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }

    /// The published file as it is on disk.
    func file(_ path: String) throws -> Data {
        try Data(contentsOf: workspace.output.appendingPathComponent(path))
    }
}
