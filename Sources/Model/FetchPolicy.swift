import Foundation

/// How the HTTP client behaves; the config's `http:` section maps onto this and the Fetch stage takes it.
/// A plain value in Model so configuration can hold it without depending on the fetch stage. Defaults beside each.
public struct FetchPolicy: Sendable, Equatable {
    /// Sites block empty and library user agents; name the software and where to learn about it.
    public var userAgent: String = "finews/0.1 (+https://github.com/finews/finews; news aggregator)"
    public var connectTimeout: Double = 10
    /// The whole transfer, first byte to last, in seconds.
    public var totalTimeout: Double = 30
    /// A body arriving slower than `lowSpeedLimit` bytes/s for `lowSpeedTime` seconds is abandoned.
    public var lowSpeedLimit: Int = 512
    public var lowSpeedTime: Double = 10
    /// Counted on the decoded body, so a small gzip bomb cannot inflate past it.
    public var maxBodyBytes: Int = 10 * 1024 * 1024
    public var maxRedirects: Int = 5
    /// nil: libcurl reads `http_proxy`, `https_proxy`, `all_proxy`, `no_proxy` from the environment.
    /// An empty string disables proxies.
    public var proxy: String?
    /// A PEM bundle replacing the system's CA store.
    public var caFile: String?
    /// libcurl `CURLOPT_CONNECT_TO` entries, `HOST:PORT:CONNECT_HOST:CONNECT_PORT`: requests for HOST:PORT
    /// connect to CONNECT_HOST:CONNECT_PORT instead while the URL, Host header and TLS name stay the
    /// same (so with `caFile` the certificate is still verified for HOST). Empty: connect as the URL says.
    public var connectTo: [String] = []
    /// Transfers to one host at a time.
    public var perHostConcurrency: Int = 2
    /// Minimum seconds between the starts of two requests to one host.
    public var minHostInterval: Double = 0.25
    /// Hosts paced otherwise than `perHostConcurrency` and `minHostInterval` say, such as a self-hosted
    /// feed server that asks for no politeness. Keyed by lowercased host (`rsshub.lan`, `127.0.0.1`,
    /// `[::1]`) or host and port (`127.0.0.1:1200`); host and port wins over host alone.
    public var hosts: [String: HostPacing] = [:]
    /// Transfers at a time, all hosts together.
    public var maxConcurrentTransfers: Int = 32
    public var retry: RetryPolicy = RetryPolicy()
    /// Refuse connections to private, loopback and link-local addresses (checked on the resolved
    /// address of every connection, redirects included) so a feed cannot point finews at the LAN.
    public var refusePrivateAddresses: Bool = false

    public init() {}

    /// How requests to `host` (lowercased) at `port` (nil: the scheme's default) are paced.
    public func pacing(host: String, port: Int?) -> HostPacing {
        if let port, let pacing = hosts[HostPacing.key(host: host, port: port)] { return pacing }
        return hosts[host] ?? HostPacing(concurrency: perHostConcurrency, minInterval: minHostInterval)
    }
}

/// Pacing of the requests to one host.
public struct HostPacing: Sendable, Equatable {
    /// Transfers to the host at a time.
    public var concurrency: Int
    /// Minimum seconds between the starts of two requests to the host.
    public var minInterval: Double

    public init(concurrency: Int, minInterval: Double) {
        self.concurrency = concurrency
        self.minInterval = minInterval
    }

    /// The key of `FetchPolicy.hosts` for a host and optional port: `example.com`, `127.0.0.1:1200`.
    public static func key(host: String, port: Int?) -> String {
        port.map { "\(host):\($0)" } ?? host
    }

    /// What requests are paced by: the lowercased host and the port the URL names. Nil for anything but
    /// http(s) URLs.
    public static func endpoint(of url: String) -> (host: String, port: Int?)? {
        guard let components = URLComponents(string: url),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty else { return nil }
        return (host.lowercased(), components.port)
    }
}

/// Retries of one request on timeouts, transient transport errors, 5xx, and 429/503.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int = 3
    public var baseDelay: Double = 1
    public var maxDelay: Double = 30
    /// Share of each delay that is random: 0.5 waits between half and all of the exponential delay.
    public var jitter: Double = 0.5
    /// A Retry-After longer than this is not waited for inside one refresh; the error carries it
    /// and the source's backoff honours it.
    public var maxRetryAfter: Double = 60

    public init() {}

    /// Seconds to wait before attempt `attempt` (2 for the first retry); `random` in 0..<1.
    public func delay(beforeAttempt attempt: Int, random: Double) -> Double {
        let exponential = min(maxDelay, baseDelay * Double(1 << min(max(attempt - 2, 0), 30)))
        return exponential * (1 - jitter) + exponential * jitter * random
    }
}
