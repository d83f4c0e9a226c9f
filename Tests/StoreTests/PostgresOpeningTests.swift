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
