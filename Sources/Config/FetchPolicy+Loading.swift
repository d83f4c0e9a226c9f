import Model
import Foundation

extension FetchPolicy {
    /// The `http:` section. Every key is optional; the defaults are `FetchPolicy`'s, named beside each key.
    static func read(_ mapping: ConfigMapping?, folder: URL) throws(ConfigError) -> FetchPolicy {
        var policy = FetchPolicy()
        guard var http = mapping else { return policy }
        // "finews/0.1 (+https://github.com/finews/finews; news aggregator)"
        if let agent = try http.string("user_agent") {
            guard !agent.trimmingCharacters(in: .whitespaces).isEmpty, !agent.contains("\n") else {
                throw .invalidValue(file: http.file, line: http.line(of: "user_agent"), key: http.keyPath("user_agent"),
                                    reason: "must be one non-empty line")
            }
            policy.userAgent = agent
        }
        policy.connectTimeout = try http.timeout("connect_timeout") ?? policy.connectTimeout // 10 s
        policy.totalTimeout = try http.timeout("timeout") ?? policy.totalTimeout // 30 s
        policy.lowSpeedTime = try http.timeout("low_speed_time") ?? policy.lowSpeedTime // 10 s
        policy.maxBodyBytes = try http.byteSize("max_body", in: 1024...(1 << 30)) ?? policy.maxBodyBytes // 10 MiB
        policy.maxRedirects = try http.int("max_redirects", in: 0...20) ?? policy.maxRedirects // 5
        policy.proxy = try http.string("proxy") ?? policy.proxy // nil: the environment's http_proxy, https_proxy, no_proxy
        if let caFile = try http.string("ca_file") { // nil: the system's CA store
            let url = FinewsConfig.resolve(caFile, against: folder)
            guard FileManager.default.isReadableFile(atPath: url.path) else {
                throw .invalidValue(file: http.file, line: http.line(of: "ca_file"), key: http.keyPath("ca_file"),
                                    reason: "no readable file at \(url.path)")
            }
            policy.caFile = url.path
        }
        policy.connectTo = try http.connectTo("connect_to") ?? policy.connectTo // none: connect where the URL says
        policy.perHostConcurrency = try http.int("per_host_concurrency", in: 1...64) ?? policy.perHostConcurrency // 2
        policy.minHostInterval = try http.delay("min_host_interval") ?? policy.minHostInterval // 250 ms
        // Read after the two keys above: a host's entry inherits what it leaves out.
        policy.hosts = try http.hostPacings("hosts", inheriting: HostPacing(
            concurrency: policy.perHostConcurrency, minInterval: policy.minHostInterval)) // {}
        policy.maxConcurrentTransfers = try http.int("max_transfers", in: 1...512) ?? policy.maxConcurrentTransfers // 32
        policy.retry.maxAttempts = try http.int("attempts", in: 1...10) ?? policy.retry.maxAttempts // 3
        policy.retry.baseDelay = try http.delay("retry_delay") ?? policy.retry.baseDelay // 1 s, doubling
        policy.retry.maxRetryAfter = try http.delay("max_retry_after") ?? policy.retry.maxRetryAfter // 60 s
        policy.refusePrivateAddresses = try http.bool("refuse_private_addresses") ?? policy.refusePrivateAddresses // false
        try http.rejectUnknownKeys()
        return policy
    }
}

extension ConfigMapping {
    /// `hosts:`, a mapping of host names (`rsshub.lan`, `127.0.0.1:1200`) to their own
    /// `per_host_concurrency` and `min_host_interval`; each key left out is `inherited`'s.
    mutating func hostPacings(_ key: String, inheriting inherited: HostPacing) throws(ConfigError) -> [String: HostPacing] {
        guard var hosts = try mapping(key) else { return [:] }
        var pacings: [String: HostPacing] = [:]
        for (nameNode, _) in hosts.mapping {
            guard let name = nameNode.string, var entry = try hosts.mapping(name) else {
                throw .wrongType(file: file, line: nameNode.mark?.line, key: hosts.keyPath(nameNode.string ?? "\(nameNode)"),
                                 expected: "a mapping such as {min_host_interval: 0s, per_host_concurrency: 8}")
            }
            guard let host = Self.pacingKey(name) else {
                throw .invalidValue(file: file, line: nameNode.mark?.line, key: hosts.keyPath(name),
                                    reason: "'\(name)' must be a host name or address, optionally with a port (rsshub.lan, 127.0.0.1:1200, [::1])")
            }
            guard pacings[host] == nil else {
                throw .invalidValue(file: file, line: nameNode.mark?.line, key: hosts.keyPath(name),
                                    reason: "'\(host)' is listed twice")
            }
            var pacing = inherited
            pacing.concurrency = try entry.int("per_host_concurrency", in: 1...64) ?? pacing.concurrency
            pacing.minInterval = try entry.delay("min_host_interval") ?? pacing.minInterval
            try entry.rejectUnknownKeys()
            pacings[host] = pacing
        }
        return pacings
    }

    /// The `FetchPolicy.hosts` key for a host name as written: lowercased, with its port if it has one;
    /// nil for anything that is not just a host (a scheme, a path, a user, spaces).
    static func pacingKey(_ name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.contains("/"), !trimmed.contains("@"), !trimmed.contains("?"),
              !trimmed.contains("#"), let endpoint = HostPacing.endpoint(of: "http://\(trimmed)/") else { return nil }
        return HostPacing.key(host: endpoint.host, port: endpoint.port)
    }

    /// curl's `HOST:PORT:CONNECT_HOST:CONNECT_PORT` entries (HOST and PORT may be empty for "any";
    /// CONNECT_HOST may be an IPv6 address in brackets).
    mutating func connectTo(_ key: String) throws(ConfigError) -> [String]? {
        guard let entries = try strings(key) else { return nil }
        let pattern = #"^[^:\s\[\]]*:[0-9]*:(\[[0-9A-Fa-f:.]+\]|[^:\s\[\]]*):[0-9]*$"#
        for entry in entries where entry.range(of: pattern, options: .regularExpression) == nil {
            throw .invalidValue(file: file, line: line(of: key), key: keyPath(key),
                                reason: "'\(entry)' must be HOST:PORT:CONNECT_HOST:CONNECT_PORT, such as www.cls.cn:443:127.0.0.1:8443")
        }
        return entries
    }

    /// A delay that must be more than zero: libcurl reads 0 as "no timeout".
    mutating func timeout(_ key: String) throws(ConfigError) -> TimeInterval? {
        guard let seconds = try delay(key) else { return nil }
        guard seconds > 0 else {
            throw .invalidValue(file: file, line: line(of: key), key: keyPath(key), reason: "must be more than 0")
        }
        return seconds
    }
}
