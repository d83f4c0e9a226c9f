import Foundation
@testable import Store
import Testing
import TestSupport

/// Opening a PostgreSQL archive: the schema is made once, and a second process (here a second archive
/// object) opening the same database finds it made.
@Suite struct PostgresOpeningTests {
    @Test func opensMigratesAndOpensAgain() throws {
        let cluster = try PostgresCluster.running()
        let url = try cluster.makeDatabase()
        let first = try PostgresArchive(PostgresLocation(url: url))
        let second = try PostgresArchive(PostgresLocation(url: url))
        #expect(first.location == second.location)
        #expect(try cluster.psql(String(url.split(separator: "/").last ?? ""),
                                 "SELECT count(*) FROM finews_migrations").trimmingCharacters(in: .whitespacesAndNewlines)
                == "\(PostgresSchema.migrations.count)")
    }

    @Test func aURLLeavesTheRestToTheEnvironment() throws {
        let location = try PostgresLocation(url: "postgresql:///news", environment: ["PGHOST": "db.example", "PGPORT": "6543", "PGUSER": "feeds"])
        #expect(location == PostgresLocation(host: "db.example", port: 6543, user: "feeds", password: nil, database: "news"))
        let full = try PostgresLocation(url: "postgresql://finews:secret@10.0.0.5:5433/archive", environment: [:])
        #expect(full.password == "secret")
        #expect(full.description == "postgresql://finews@10.0.0.5:5433/archive")
        #expect(throws: StoreError.self) { try PostgresLocation(url: "postgresql://h:99999/x", environment: [:]) }
    }
}

/// To a server on another machine the connection can be encrypted and the server verified (libpq's
/// sslmode); the test cluster has a self-signed certificate for 127.0.0.1.
@Suite struct PostgresTLSTests {
    func encrypted(_ archive: PostgresArchive) throws -> Bool {
        try archive.read { session in
            try session.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").first?.value(at: 0, as: Bool.self) ?? false
        }
    }

    @Test func sslmodesEncryptAndVerifyAsLibpqDoes() throws {
        let cluster = try PostgresCluster.running()
        let url = try cluster.makeDatabase()
        #expect(try encrypted(PostgresArchive(PostgresLocation(url: url + "?sslmode=require"))))
        #expect(try !encrypted(PostgresArchive(PostgresLocation(url: url + "?sslmode=disable"))))
        #expect(try encrypted(PostgresArchive(PostgresLocation(url: url + "?sslmode=verify-full&sslrootcert=\(cluster.certificate)"))))
        // Without its certificate among the trusted ones, the server is refused, naming the archive.
        do {
            _ = try PostgresArchive(PostgresLocation(url: url + "?sslmode=verify-full", environment: [:]))
            Issue.record("a server with an unknown certificate was accepted under verify-full")
        } catch {
            #expect(error.description.contains("127.0.0.1:\(cluster.port)"))
        }
        #expect(throws: StoreError.self) { try PostgresLocation(url: url + "?sslmode=sometimes") }
    }
}
