import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TestSupport

/// `finews serve` as a child process, the way systemd runs it.
final class ServeProcess {
    let child: ChildProcess
    let logFile: URL
    let socket: URL
    /// Set once the child has been reaped.
    private(set) var terminationStatus: Int32?

    init(config: URL, stateDirectory: URL, environment: [String: String] = [:]) throws {
        logFile = stateDirectory.deletingLastPathComponent().appendingPathComponent("serve-\(UUID().uuidString.prefix(6)).log")
        socket = stateDirectory.appendingPathComponent("finews.sock")
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NOTIFY_SOCKET")
        env.removeValue(forKey: "JOURNAL_STREAM")
        for (key, value) in environment { env[key] = value }
        let log = open(logFile.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard log >= 0 else { throw ChildProcess.SpawnError(executable: logFile.path, code: errno) }
        defer { close(log) }
        child = try ChildProcess.spawn(CommandRunner().executable.path,
                                       ["serve", "--config", config.path, "--listen", "127.0.0.1:0"],
                                       environment: env, output: log, error: log)
    }

    /// A test that did not stop its daemon: SIGTERM, up to 10 s to exit, then SIGKILL.
    deinit {
        guard isRunning else { return }
        child.signal(SIGTERM)
        for _ in 0..<500 where isRunning { usleep(20_000) }
        if isRunning {
            child.signal(SIGKILL)
            _ = child.wait()
        }
    }

    var isRunning: Bool {
        if terminationStatus == nil { terminationStatus = child.statusIfEnded() }
        return terminationStatus == nil
    }

    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Ready once it logged that it serves (the control socket is bound before that line).
    func waitUntilServing() async -> Bool {
        await eventually { log.contains("serving feeds") }
    }

    func signal(_ number: Int32) { child.signal(number) }

    /// Seconds until it exited, or nil when it did not within the limit.
    func waitForExit(limit: TimeInterval) async -> TimeInterval? {
        let started = Date()
        let exited = await eventually(timeout: .seconds(limit)) { !isRunning }
        return exited ? Date().timeIntervalSince(started) : nil
    }
}
