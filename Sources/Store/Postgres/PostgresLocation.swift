import Foundation

/// Where a PostgreSQL archive is: `postgresql://user:password@host:port/database`, with what the URL leaves
/// out taken from the variables libpq reads (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE), as psql
/// does, then libpq's defaults (the local socket folder, 5432, the user's name, a database named like the
/// user). A host that starts with `/` is a socket folder (`?host=/run/postgresql`), as for libpq.
/// TLS follows libpq's `sslmode` (`?sslmode=` or PGSSLMODE; `prefer` by default) and `sslrootcert`.
public struct PostgresLocation: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode = .prefer
    /// PEM file of the certificates that may sign the server's (`verify-ca`, `verify-full`); the system's
    /// trust store when nil.
    public var rootCertificates: String?

    /// libpq's `sslmode`s: `require` encrypts without checking the certificate, `verify-ca` checks its
    /// signature, `verify-full` also the host name.
    public enum TLSMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public init(host: String, port: Int, user: String, password: String?, database: String) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
    }

    /// Reads a `postgresql://` or `postgres://` URL.
    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) {
        guard text.hasPrefix("postgresql://") || text.hasPrefix("postgres://"),
              let components = URLComponents(string: text) else {
            throw .open(path: text, reason: "not a PostgreSQL URL (postgresql://user@host:5432/database)")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }) { _, last in last }
        let environmentUser = environment["PGUSER"] ?? environment["USER"] ?? "postgres"
        host = components.percentEncodedHost.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding }
            ?? query["host"] ?? environment["PGHOST"] ?? "/var/run/postgresql"
        let portText = components.port.map(String.init) ?? query["port"] ?? environment["PGPORT"] ?? "5432"
        guard let port = Int(portText), (1...65_535).contains(port) else {
            throw .open(path: Self.redacting(text), reason: "port '\(portText)' is not a TCP port")
        }
        self.port = port
        user = components.user.flatMap { $0.isEmpty ? nil : $0 } ?? query["user"] ?? environmentUser
        password = components.password ?? query["password"] ?? environment["PGPASSWORD"]
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? (query["dbname"] ?? environment["PGDATABASE"] ?? user) : path
        let mode = query["sslmode"] ?? environment["PGSSLMODE"] ?? TLSMode.prefer.rawValue
        guard let tls = TLSMode(rawValue: mode) else {
            throw .open(path: Self.redacting(text),
                        reason: "sslmode '\(mode)' is not one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.tls = tls
        rootCertificates = query["sslrootcert"] ?? environment["PGSSLROOTCERT"]
    }

    /// The URL without its password, for messages and logs.
    public var description: String {
        let hostPart = host.hasPrefix("/") ? "?host=\(host)" : ""
        let server = host.hasPrefix("/") ? "" : "\(host):\(port)"
        return "postgresql://\(user)@\(server)/\(database)\(hostPart)"
    }

    static func redacting(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = nil
        return components.string ?? text
    }
}
