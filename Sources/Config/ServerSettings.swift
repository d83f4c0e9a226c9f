import Foundation

/// The `server:` section: where `finews serve` listens and who may ask it to refresh.
public struct ServerSettings: Sendable, Equatable {
    /// Loopback by default: exposing the feeds is a deliberate choice (a reverse proxy, or `listen: 0.0.0.0:8080`).
    public var listen = ListenAddress(host: "127.0.0.1", port: 8080)
    /// When set, `POST /refresh` exists and needs `Authorization: Bearer <token>`; when nil it answers 404.
    public var refreshToken: String?

    public init() {}
}

/// A `HOST:PORT` pair; IPv6 hosts are written in brackets (`[::1]:8080`).
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    /// 0 asks the system for a free port (tests).
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    public static func parse(_ text: String) -> ListenAddress? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let colon = trimmed.lastIndex(of: ":"), let port = Int(trimmed[trimmed.index(after: colon)...]),
              (0...65_535).contains(port) else { return nil }
        var host = String(trimmed[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            return nil
        }
        guard !host.isEmpty, !host.contains(where: \.isWhitespace) else { return nil }
        return ListenAddress(host: host, port: port)
    }
}

extension ServerSettings {
    static func read(_ mapping: ConfigMapping?) throws(ConfigError) -> ServerSettings {
        var settings = ServerSettings()
        guard var mapping else { return settings }
        if let listen = try mapping.string("listen") {
            guard let address = ListenAddress.parse(listen) else {
                throw .invalidValue(file: mapping.file, line: mapping.line(of: "listen"), key: "server.listen",
                                    reason: "'\(listen)' must be HOST:PORT, such as 127.0.0.1:8080 or [::1]:8080")
            }
            settings.listen = address
        }
        if let token = try mapping.string("refresh_token") {
            // A short token is guessable; POST /refresh starts work on the server.
            guard token.count >= 16, !token.contains(where: \.isWhitespace) else {
                throw .invalidValue(file: mapping.file, line: mapping.line(of: "refresh_token"),
                                    key: "server.refresh_token", reason: "must be at least 16 characters without spaces")
            }
            settings.refreshToken = token
        }
        try mapping.rejectUnknownKeys()
        return settings
    }
}
