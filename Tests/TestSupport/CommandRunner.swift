import Foundation

/// Runs the built `finews` executable as a user would, capturing its output and exit status.
public struct CommandRunner: Sendable {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public let executable: URL

    public init(executable: URL) {
        self.executable = executable
    }

    /// The `finews` binary beside the test bundle (SwiftPM builds products and tests into one folder).
    public init() {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var candidate = folder.appendingPathComponent("finews")
        if !FileManager.default.fileExists(atPath: candidate.path) {
            // `swift test` runs the bundle from inside its .xctest folder on some layouts.
            candidate = folder.deletingLastPathComponent().appendingPathComponent("finews")
        }
        executable = candidate
    }

    public func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                    in directory: URL? = nil) throws -> Result {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "FINEWS_CONFIG")
        for (key, value) in environment { env[key] = value }
        // Files, not pipes, for the child's streams: nothing to drain while it runs, so no output size
        // can block it.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("finews-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputFile = folder.appendingPathComponent("stdin"), outputFile = folder.appendingPathComponent("stdout")
        let errorFile = folder.appendingPathComponent("stderr")
        try Data((stdin ?? "").utf8).write(to: inputFile)
        let input = open(inputFile.path, O_RDONLY | O_CLOEXEC)
        let output = open(outputFile.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        let error = open(errorFile.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        defer { [input, output, error].filter { $0 >= 0 }.forEach { close($0) } }
        guard input >= 0, output >= 0, error >= 0 else { throw ChildProcess.SpawnError(executable: "open", code: errno) }
        let child = try ChildProcess.spawn(executable.path, arguments, environment: env, directory: directory?.path,
                                           input: input, output: output, error: error)
        let status = child.wait()
        return Result(status: status, stdout: String(decoding: try Data(contentsOf: outputFile), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: errorFile), as: UTF8.self))
    }
}
