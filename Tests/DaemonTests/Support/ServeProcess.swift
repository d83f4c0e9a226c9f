import Foundation
import TestSupport

/// `finews serve` as a child process, the way systemd runs it.
final class ServeProcess {
    let process = Process()
    let logFile: URL
    let socket: URL

    init(config: URL, stateDirectory: URL, environment: [String: String] = [:]) throws {
        logFile = stateDirectory.deletingLastPathComponent().appendingPathComponent("serve-\(UUID().uuidString.prefix(6)).log")
        socket = stateDirectory.appendingPathComponent("finews.sock")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process.executableURL = CommandRunner().executable
        process.arguments = ["serve", "--config", config.path, "--listen", "127.0.0.1:0"]
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NOTIFY_SOCKET")
        env.removeValue(forKey: "JOURNAL_STREAM")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let log = try FileHandle(forWritingTo: logFile)
        process.standardError = log
        process.standardOutput = log
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Ready once it logged that it serves (the control socket is bound before that line).
    func waitUntilServing() async -> Bool {
        await eventually { log.contains("serving feeds") }
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Seconds until it exited, or nil when it did not within the limit.
    func waitForExit(limit: TimeInterval) async -> TimeInterval? {
        let started = Date()
        let exited = await eventually(timeout: .seconds(limit)) { !process.isRunning }
        return exited ? Date().timeIntervalSince(started) : nil
    }
}
