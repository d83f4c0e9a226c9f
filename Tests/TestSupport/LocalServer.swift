import Fetch
import Foundation
public import Testing

/// `Tests/Fixtures/fetch/server.py` running on 127.0.0.1, started once per suite by the
/// `.localServer` trait and killed when the suite ends.
public final class LocalServer: Sendable {
    @TaskLocal public static var current: LocalServer?

    public let port: Int
    private let pid: Int32

    private init(port: Int, pid: Int32) {
        self.port = port
        self.pid = pid
    }

    /// One server for the whole test run, shared by every suite that asks for it: suites run in
    /// parallel, and one stopping its own server while another still used one proved fragile. It exits
    /// with the test process (it watches its parent) and requests are told apart by token.
    public static let shared: Result<LocalServer, any Error> = Result { try start(idle: 3600) }

    public static func start(idle: Int = 120) throws -> LocalServer {
        let (process, line) = try launchPython(["fetch/server.py", "--idle", String(idle)])
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.signal(SIGKILL)
            process.wait()
            throw ServerError.noPort(line)
        }
        return LocalServer(port: port, pid: process.pid)
    }

    /// Starts a Python script of `Tests/Fixtures` and returns it with the first line it prints (the
    /// servers print their ports there). Reading ends at that line or when the script exits.
    static func launchPython(_ arguments: [String]) throws -> (ChildProcess, String) {
        var ends: [Int32] = [0, 0]
        // pipe2 is not in Glibc's module map; a child spawned between these lines would only hold an end open.
        guard pipe(&ends) == 0 else { throw ChildProcess.SpawnError(executable: "pipe", code: errno) }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        let reading = FileHandle(fileDescriptor: ends[0], closeOnDealloc: true)
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn("/usr/bin/env", ["python3", Fixtures.url(arguments[0]).path] + arguments.dropFirst(),
                                           output: ends[1])
        } catch {
            close(ends[1])
            throw error
        }
        // Only the child holds the writing end now: reading ends when it exits.
        close(ends[1])
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = reading.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        return (child, String(decoding: line, as: UTF8.self))
    }

    /// SIGKILL: the test process may hand its children a blocked SIGTERM.
    public func stop() {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// The requests the server saw whose query carried `t=token`, in arrival order.
    public func requests(token: String) async throws -> [LoggedRequest] {
        let client = HTTPClient()
        let body = try await client.fetch(FetchRequest(url: url("/_log?t=\(token)"))).get().body
        return try JSONDecoder().decode([LoggedRequest].self, from: body)
    }

    public enum ServerError: Error { case noPort(String), notRunning }
}

public struct LoggedRequest: Decodable, Sendable {
    public var path: String
    public var headers: [String: String]
    public var start: Double
    public var end: Double?

    public func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }
}

public struct LocalServerTrait: SuiteTrait, TestScoping {
    public var isRecursive: Bool { false }

    public func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        let server = try LocalServer.shared.get()
        try await LocalServer.$current.withValue(server) { try await function() }
    }
}

extension Trait where Self == LocalServerTrait {
    public static var localServer: Self { LocalServerTrait() }
}

/// The running server, or a failed test if the trait is missing.
public func server() throws -> LocalServer {
    guard let server = LocalServer.current else { throw LocalServer.ServerError.notRunning }
    return server
}

/// A fresh token so each test reads only its own requests from the shared server's log.
public func token() -> String { UUID().uuidString.prefix(8).lowercased() }
