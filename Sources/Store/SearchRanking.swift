import GRDB
import GRDBSQLite

/// `finews_rank(article_search, w1, w2, …)`: FTS5's bm25 for the current row without its inverse
/// document frequency, lower is better like bm25's. FTS5's own bm25 counts, on its first row, every
/// document that holds each phrase of the query (a scan of the phrase's whole doclist, positions
/// checked), so a common word costs the archive's size even when only a bounded set of matches is
/// ranked. Every result of an AND query holds every term, so what the frequency part ranks on (how
/// often, in which column, in how long a row) is kept; each term simply weighs alike.
enum SearchRanking {
    static let name = "finews_rank"
    static let k1 = 1.2
    static let b = 0.75

    /// Registers the function on a connection (every connection of the pool, at open).
    static func register(_ db: Database) throws {
        var api: UnsafeMutablePointer<fts5_api>?
        let statement = try db.makeStatement(sql: "SELECT fts5(?)")
        let code = withUnsafeMutablePointer(to: &api) { pointer in
            "fts5_api_ptr".withCString { type in
                sqlite3_bind_pointer(statement.sqliteStatement, 1, pointer, type, nil)
                return sqlite3_step(statement.sqliteStatement)
            }
        }
        sqlite3_reset(statement.sqliteStatement)
        guard code == SQLITE_ROW, let api, api.pointee.iVersion >= 2, let create = api.pointee.xCreateFunction else {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: "FTS5 is not available to register \(name)")
        }
        let result = create(api, name, nil, { api, fts, context, count, values in
            SearchRanking.rank(api, fts, context, count, values)
        }, nil)
        guard result == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: result), message: "cannot register \(name)")
        }
    }

    static func rank(_ api: UnsafePointer<Fts5ExtensionApi>?, _ fts: OpaquePointer?, _ context: OpaquePointer?,
                     _ count: Int32, _ values: UnsafeMutablePointer<OpaquePointer?>?) {
        guard let api = api?.pointee, let fts, let columnCount = api.xColumnCount?(fts),
              let instCount = api.xInstCount, let inst = api.xInst, let columnSize = api.xColumnSize,
              let totalSize = api.xColumnTotalSize, let rowCount = api.xRowCount else {
            sqlite3_result_error(context, "finews_rank: FTS5 API incomplete", -1)
            return
        }
        var weights = [Double](repeating: 1, count: Int(columnCount))
        if let values {
            for column in 0..<min(Int(count), weights.count) { weights[column] = sqlite3_value_double(values[column]) }
        }
        var instances: Int32 = 0, rows: Int64 = 0, total: Int64 = 0, size: Int32 = 0
        guard instCount(fts, &instances) == SQLITE_OK, rowCount(fts, &rows) == SQLITE_OK,
              totalSize(fts, -1, &total) == SQLITE_OK, columnSize(fts, -1, &size) == SQLITE_OK else {
            sqlite3_result_error(context, "finews_rank: cannot read the row's statistics", -1)
            return
        }
        let phraseCount = Int(api.xPhraseCount?(fts) ?? 0)
        var frequency = [Double](repeating: 0, count: max(phraseCount, 1))
        for index in 0..<instances {
            var phrase: Int32 = 0, column: Int32 = 0, offset: Int32 = 0
            guard inst(fts, index, &phrase, &column, &offset) == SQLITE_OK,
                  frequency.indices.contains(Int(phrase)), weights.indices.contains(Int(column)) else { continue }
            frequency[Int(phrase)] += weights[Int(column)]
        }
        sqlite3_result_double(context, score(frequencies: frequency, length: Int64(size), rows: rows, totalTokens: total))
    }

    /// The score itself, for both backends (`finews_rank` on SQLite, PostgresArchive's search): each phrase's
    /// frequency (its instances in the row, each weighted by its column's weight), in the query's phrase
    /// order; the row's length in tokens (all columns); the index's row count and total tokens.
    static func score(frequencies: [Double], length: Int64, rows: Int64, totalTokens total: Int64) -> Double {
        let average = rows > 0 ? max(1, Double(total) / Double(rows)) : 1
        let length = Double(length)
        var score = 0.0
        for f in frequencies where f > 0 {
            score += f * (k1 + 1) / (f + k1 * (1 - b + b * length / average))
        }
        return -score
    }
}
