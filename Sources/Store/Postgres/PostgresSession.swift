import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// One PostgreSQL connection used from an ordinary thread: each statement is sent through postgres-nio and
/// waited for. The archive's operations are synchronous (the refresh's writer is a thread of its own, the
/// server calls the archive as SQLite's callers do), so the wait is where SQLite would block on its file.
/// Never used from an event loop (NIO refuses `wait()` there).
final class PostgresSession: Sendable {
    let connection: PostgresConnection
    let location: PostgresLocation
    private static let logger: Logger = {
        var logger = Logger(label: "finews.postgres")
        logger.logLevel = .error
        return logger
    }()
    private static let ids = Atomic<Int>(0)

    init(_ location: PostgresLocation, applicationName: String = "finews") throws(StoreError) {
        self.location = location
        var configuration: PostgresConnection.Configuration
        if location.host.hasPrefix("/") {
            configuration = .init(unixSocketPath: "\(location.host)/.s.PGSQL.\(location.port)", username: location.user,
                                  password: location.password, database: location.database)
        } else {
            configuration = .init(host: location.host, port: location.port, username: location.user,
                                  password: location.password, database: location.database, tls: try Self.tls(location))
        }
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        do {
            connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
                id: Self.ids.add(1, ordering: .relaxed).newValue, logger: Self.logger).wait()
        } catch {
            throw .open(path: location.description, reason: Self.describe(error))
        }
    }

    deinit {
        try? connection.close().wait()
    }

    /// postgres-nio's TLS setting for libpq's sslmode. `allow` (TLS only if the server insists) has no
    /// counterpart and is taken as `prefer`.
    static func tls(_ location: PostgresLocation) throws(StoreError) -> PostgresConnection.Configuration.TLS {
        guard location.tls != .disable else { return .disable }
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch location.tls {
        case .disable, .allow, .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        if let roots = location.rootCertificates { configuration.trustRoots = .file(roots) }
        do {
            let context = try NIOSSLContext(configuration: configuration)
            return [.require, .verifyCA, .verifyFull].contains(location.tls) ? .require(context) : .prefer(context)
        } catch {
            throw .open(path: location.description, reason: "cannot set up TLS: \(error)")
        }
    }

    /// Runs one statement with `$1, $2, …` bound to `binds`, and returns its rows.
    @discardableResult
    func query(_ sql: String, _ binds: [PostgresBind] = []) throws -> [PostgresRow] {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds { bind.append(to: &bindings) }
        do {
            return try connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: Self.logger).wait().rows
        } catch {
            throw PostgresStatementError(sql: sql, reason: Self.describe(error),
                                         sqlState: (error as? PSQLError)?.serverInfo?[.sqlState],
                                         connectionLost: Self.isConnectionLevel(error))
        }
    }

    /// Whether `error`, thrown by a statement on this session, means the connection is gone (the server
    /// restarted or ended the backend, the network failed) rather than that the server refused a statement.
    func isLost(after error: any Error) -> Bool {
        connection.isClosed || (error as? PostgresStatementError)?.connectionLost == true || Self.isConnectionLevel(error)
    }

    /// A failure of the connection, not of a statement: postgres-nio's own connection errors, and the
    /// server's SQLSTATE class 08 (connection exception) and 57P01-57P03 (admin shutdown, crash shutdown,
    /// cannot connect now), which it sends as it closes the connection.
    static func isConnectionLevel(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .clientClosedConnection, .serverClosedConnection, .connectionError, .uncleanShutdown,
             .messageDecodingFailure, .unexpectedBackendMessage:
            return true
        case .server:
            guard let state = error.serverInfo?[.sqlState] else { return false }
            return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
        default:
            return false
        }
    }

    /// Runs several statements, each ending with `;` at the end of a line (postgres-nio sends every
    /// statement as a prepared one, and PostgreSQL prepares one command at a time).
    func script(_ sql: String) throws {
        var statement = ""
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            statement += line + "\n"
            if line.trimmingCharacters(in: .whitespaces).hasSuffix(";") {
                try query(statement)
                statement = ""
            }
        }
        if !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { try query(statement) }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try query("BEGIN")
        do {
            let result = try body()
            try query("COMMIT")
            return result
        } catch {
            _ = try? query("ROLLBACK")
            throw error
        }
    }

    /// The server's own words for a failure (postgres-nio's description of a server error hides them).
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let detail = error.serverInfo?[.detail].map { " (\($0))" } ?? ""
                return message + detail
            }
            return "\(error.code)" + (error.underlying.map { ": \($0)" } ?? "")
        }
        if let error = error as? PostgresStatementError { return error.reason }
        return "\(error)"
    }
}

/// A statement PostgreSQL refused, with the statement's text for the message.
struct PostgresStatementError: Error, CustomStringConvertible {
    var sql: String
    var reason: String
    /// PostgreSQL's SQLSTATE code for the failure (57014: cancelled, as by `statement_timeout`).
    var sqlState: String? = nil
    /// The connection broke under the statement (`PostgresSession.isConnectionLevel`).
    var connectionLost = false
    var description: String { "\(reason) (in: \(sql.prefix(120)))" }
}

/// A value bound to a statement's `$n`.
enum PostgresBind: Sendable {
    /// A NULL of no stated type: PostgreSQL takes the column's.
    case null
    case text(String?)
    case int(Int64?)
    case double(Double?)
    case bool(Bool?)
    case bytes([UInt8]?)
    case texts([String])
    case ints([Int64])

    func append(to bindings: inout PostgresBindings) {
        switch self {
        case .null: bindings.appendNull()
        case .text(let value): bindings.append(value.map(Self.storable))
        case .int(let value): bindings.append(value)
        case .double(let value): bindings.append(value)
        case .bool(let value): bindings.append(value)
        case .bytes(let value): bindings.append(value.map { ByteBuffer(bytes: $0) })
        case .texts(let value): bindings.append(value.map(Self.storable))
        case .ints(let value): bindings.append(value)
        }
    }
}

extension PostgresBind {
    /// PostgreSQL's text cannot hold U+0000 (SQLite's can, and a JSON API can send it): it is stored, and
    /// looked up, as U+FFFD, rather than failing the statement and with it a source's whole batch.
    static func storable(_ text: String) -> String {
        text.utf8.contains(0) ? text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : text
    }
}

extension PostgresBind: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    init(stringLiteral value: String) { self = .text(value) }
    init(integerLiteral value: Int64) { self = .int(value) }
    init(floatLiteral value: Double) { self = .double(value) }
}

extension PostgresRow {
    /// The column's value; a NULL or a missing column reads as nil.
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        let row = makeRandomAccess()
        guard row.contains(column), row[column].bytes != nil else { return nil }
        return try row[column].decode(T.self)
    }

    /// The column's value, which must be there.
    func required<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let value = try value(column, as: T.self) else {
            throw PostgresStatementError(sql: "", reason: "column \(column) is NULL or missing")
        }
        return value
    }

    /// The value of the column at `index`.
    func value<T: PostgresDecodable>(at index: Int, as type: T.Type = T.self) throws -> T? {
        let cell = makeRandomAccess()[index]
        return cell.bytes == nil ? nil : try cell.decode(T.self)
    }
}
