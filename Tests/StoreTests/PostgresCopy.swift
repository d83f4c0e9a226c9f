import Foundation
import GRDB
@testable import Store
import TestSupport

/// An SQLite archive's rows copied as they are into a new PostgreSQL archive (articles keep their rowid as
/// `row_id`), and the search index built from them: the two archives hold the same data, so every read
/// can be compared, independently of the PostgreSQL writer.
enum PostgresCopy {
    /// Through `finews migrate`'s copy (ArchiveCopy), which keeps each article's rowid as `row_id` and
    /// builds the search index from the copied articles.
    static func copy(_ archive: Archive) throws -> PostgresArchive {
        let postgres = try PostgresArchive(PostgresLocation(url: try PostgresCluster.running().makeDatabase("copy")))
        let report = try ArchiveCopy.copy(from: archive, to: postgres)
        guard report.isExact else { throw CopyError(description: "the copy differs: \(report.tables) \(report.mismatched)") }
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
