import Foundation
import GRDB
@testable import Store
import TestSupport

/// An SQLite archive's rows copied as they are into a new PostgreSQL archive (articles keep their rowid as
/// `row_id`), and the search index built from them: the two archives hold the same data, so every read
/// can be compared. Until the PostgreSQL writer is written, this is how its reads are tested.
enum PostgresCopy {
    static let tables = ["sources", "refreshes", "stories", "articles", "article_categories", "revisions",
                         "refresh_sources", "change_events", "http_cache", "source_health"]

    static func copy(_ archive: Archive) throws -> PostgresArchive {
        let url = try PostgresCluster.running().makeDatabase("copy")
        let postgres = try PostgresArchive(PostgresLocation(url: url))
        try postgres.write { session in
            for table in tables {
                let types = try columnTypes(table, session: session)
                let rows = try archive.pool.read { db in
                    try Row.fetchAll(db, sql: table == "articles" ? "SELECT *, rowid AS row_id FROM articles ORDER BY rowid"
                                                                  : "SELECT * FROM \(table)")
                }
                for row in rows {
                    let names = Array(row.columnNames)
                    let binds = try self.binds(row, types: types, table: table)
                    let marks = names.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
                    try session.query("INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(marks))", binds)
                }
            }
        }
        try postgres.rebuildSearchIndex()
        return postgres
    }

    /// Sets an article's PostgreSQL row to its SQLite row (an edit made on SQLite, for the search index's hooks).
    static func update(article id: String, from archive: Archive, session: PostgresSession) throws {
        let types = try columnTypes("articles", session: session)
        guard let row = try archive.pool.read({ db in try Row.fetchOne(db, sql: "SELECT * FROM articles WHERE id = ?", arguments: [id]) })
        else { throw CopyError(description: "no article \(id)") }
        let names = Array(row.columnNames)
        let binds = try self.binds(row, types: types, table: "articles")
        let sets = names.enumerated().map { "\($1) = $\($0 + 1)" }.joined(separator: ", ")
        try session.query("UPDATE articles SET \(sets) WHERE id = $\(names.count + 1)", binds + [.text(id)])
    }

    static func columnTypes(_ table: String, session: PostgresSession) throws -> [String: String] {
        try Dictionary(uniqueKeysWithValues: session.query("""
            SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1
            """, [.text(table)]).map { row in
            (try row.required("column_name", as: String.self), try row.required("data_type", as: String.self))
        })
    }

    static func binds(_ row: Row, types: [String: String], table: String) throws -> [PostgresBind] {
        try row.columnNames.map { name in
            let value: DatabaseValue = row[name]
            switch types[name] {
            case "bigint": return .int(Int64.fromDatabaseValue(value))
            case "double precision": return .double(Double.fromDatabaseValue(value))
            case "text": return .text(String.fromDatabaseValue(value))
            default: throw CopyError(description: "\(table).\(name): no PostgreSQL column of a known type")
            }
        }
    }

    struct CopyError: Error, CustomStringConvertible {
        var description: String
    }
}
