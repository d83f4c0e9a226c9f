import Foundation

/// `Tests/Fixtures/recipes/replica.py` on 127.0.0.1: the sites' APIs over HTTPS (certificate for their
/// real names from the test CA) and plain HTTP. One per test, so each can pick its failure mode; it is
/// killed when released and exits with the test process.
public final class ReplicaServer: Sendable {
    public let httpsPort: Int
    public let httpPort: Int
    private let pid: Int32

    public init(mode: String = "normal") throws {
        let (process, line) = try LocalServer.launchPython(["recipes/replica.py", "--mode", mode, "--idle", "300"])
        let ports = line.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard ports.count == 2 else {
            process.signal(SIGKILL)
            process.wait()
            throw LocalServer.ServerError.noPort(line)
        }
        httpsPort = ports[0]
        httpPort = ports[1]
        pid = process.pid
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    /// The `http:` section that sends every https and http URL to this replica, TLS verified by the test CA.
    public var httpSection: String {
        """
        http:
          ca_file: "\(Fixtures.url("recipes/ca.pem").path)"
          connect_to: [":443:127.0.0.1:\(httpsPort)", ":80:127.0.0.1:\(httpPort)"]
          connect_timeout: 20s
          timeout: 60s
          attempts: 1
          min_host_interval: 0
          per_host_concurrency: 8
        """
    }
}
