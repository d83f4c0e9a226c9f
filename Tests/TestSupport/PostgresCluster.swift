import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster for the tests (issue 16): `initdb` into a temporary folder and `pg_ctl`
/// start on 127.0.0.1 and a free port, once per test process, stopped when the process exits. Each test
/// takes a database of its own (`makeDatabase`), so tests run side by side. Debian's `postgresql`
/// package provides the programs (`.ci/run` and `scripts/setup` install it); run as root, the cluster
/// belongs to its `postgres` user, since PostgreSQL refuses to run as root.
public final class PostgresCluster: Sendable {
    public let port: Int
    public let folder: String
    let binaries: String
    let owner: String?

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    private static let shared = Mutex<Result<PostgresCluster, Unavailable>?>(nil)

    /// The process's cluster, started on first use.
    public static func running() throws -> PostgresCluster {
        try shared.withLock { state in
            if let state { return try state.get() }
            let result: Result<PostgresCluster, Unavailable>
            do {
                result = .success(try PostgresCluster())
            } catch let error as Unavailable {
                result = .failure(error)
            } catch {
                result = .failure(Unavailable(description: "\(error)"))
            }
            state = result
            if case .success = result { atexit { PostgresCluster.stopShared() } }
            return try result.get()
        }
    }

    private static func stopShared() {
        guard case .success(let cluster)? = shared.withLock({ $0 }) else { return }
        cluster.stop()
    }

    /// The folder of Debian's PostgreSQL programs (the newest installed), or `FINEWS_PG_BIN`.
    public static func binaryFolder() -> String? {
        if let folder = ProcessInfo.processInfo.environment["FINEWS_PG_BIN"] { return folder }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        return versions.last.map { "\(root)/\($0)/bin" }
    }

    init() throws {
        guard let binaries = Self.binaryFolder(), FileManager.default.isExecutableFile(atPath: "\(binaries)/initdb") else {
            throw Unavailable(description: "PostgreSQL's programs are not installed (apt-get install postgresql)")
        }
        self.binaries = binaries
        owner = geteuid() == 0 ? "postgres" : nil
        Self.stopAbandoned(binaries: binaries, owner: owner)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("finews-pg-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if let owner {
            guard let entry = getpwnam(owner) else {
                throw Unavailable(description: "running as root, but there is no '\(owner)' user to own the cluster")
            }
            chown(folder, entry.pointee.pw_uid, entry.pointee.pw_gid)
        }
        // Which test process this cluster belongs to: a later one stops it if that process died unstopped.
        try "\(getpid())".write(toFile: "\(folder)/owner.pid", atomically: true, encoding: .utf8)
        port = try Self.freePort()
        try run("initdb", ["-D", "\(folder)/data", "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8",
                           "--no-sync"])
        // TLS with a certificate of its own for 127.0.0.1 (`certificate`), so a connection can require and
        // verify it as one to another machine would.
        try run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", "\(folder)/server.key",
                            "-out", "\(folder)/server.crt"], program: "/usr/bin/openssl")
        chmod("\(folder)/server.key", 0o600)
        chmod("\(folder)/server.crt", 0o644)
        // fsync off: a test cluster is thrown away; the tests need PostgreSQL's semantics, not its durability.
        let options = "-c listen_addresses=127.0.0.1 -p \(port) -k \(folder) -c fsync=off -c synchronous_commit=off"
            + " -c full_page_writes=off -c max_connections=300"
            + " -c ssl=on -c ssl_cert_file=\(folder)/server.crt -c ssl_key_file=\(folder)/server.key"
        try run("pg_ctl", ["-D", "\(folder)/data", "-o", options, "-l", "\(folder)/log", "-w", "-t", "60", "start"])
    }

    /// A new, empty database; returns its URL.
    public func makeDatabase(_ label: String = "t") throws -> String {
        let name = "\(label)_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        try run("psql", ["-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", "-d", "postgres", "-q",
                         "-v", "ON_ERROR_STOP=1", "-c", "CREATE DATABASE \(name)"], asOwner: false)
        return url(database: name)
    }

    public func url(database: String) -> String { "postgresql://postgres@127.0.0.1:\(port)/\(database)" }

    /// The server's self-signed certificate (PEM), to verify it by.
    public var certificate: String { "\(folder)/server.crt" }

    /// Runs an SQL statement on a database with psql and returns its unaligned output.
    @discardableResult
    public func psql(_ database: String, _ sql: String) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("finews-psql-\(UUID().uuidString)").path
        defer { unlink(output) }
        try run("psql", ["-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", "-d", database, "-q", "-A", "-t",
                         "-v", "ON_ERROR_STOP=1", "-o", output, "-c", sql], asOwner: false)
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    /// Clusters of test processes that were killed (a test run stopped by a timeout or ^C never reaches
    /// `atexit`) still run; the next test process stops them and removes their folders.
    static func stopAbandoned(binaries: String, owner: String?) {
        let temporary = FileManager.default.temporaryDirectory.path
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix("finews-pg-") {
            let folder = "\(temporary)/\(name)"
            guard let text = try? String(contentsOfFile: "\(folder)/owner.pid", encoding: .utf8),
                  let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            let stopper = (owner != nil) ? ("/usr/sbin/runuser", ["-u", owner!, "--", "\(binaries)/pg_ctl"])
                : ("\(binaries)/pg_ctl", [String]())
            let quiet = open("/dev/null", O_WRONLY | O_CLOEXEC)
            defer { if quiet >= 0 { close(quiet) } }
            // Best effort: a server that is already gone leaves only its folder to remove.
            if let child = try? ChildProcess.spawn(stopper.0, stopper.1 + ["-D", "\(folder)/data", "-m", "immediate", "-w", "stop"],
                                                   directory: owner != nil ? "/" : nil, output: quiet >= 0 ? quiet : nil,
                                                   error: quiet >= 0 ? quiet : nil) {
                _ = child.wait()
            }
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    func stop() {
        try? run("pg_ctl", ["-D", "\(folder)/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func run(_ program: String, _ arguments: [String], asOwner: Bool = true, program path: String? = nil) throws {
        let path = path ?? "\(binaries)/\(program)"
        let command: (String, [String]) = (asOwner && owner != nil)
            ? ("/usr/sbin/runuser", ["-u", owner!, "--", path] + arguments) : (path, arguments)
        let log = "\(folder)/\(program).out"
        let fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        defer { if fd >= 0 { close(fd) } }
        let child = try ChildProcess.spawn(command.0, command.1, directory: asOwner && owner != nil ? "/" : nil,
                                           output: fd >= 0 ? fd : nil, error: fd >= 0 ? fd : nil)
        let status = child.wait()
        guard status == 0 else {
            let said = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw Unavailable(description: "\(program) \(arguments.joined(separator: " ")) failed (\(status)): \(said.suffix(2_000))")
        }
    }

    private static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Unavailable(description: "no socket for a free port") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
            }
        }
        guard bound else { throw Unavailable(description: "cannot find a free port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
