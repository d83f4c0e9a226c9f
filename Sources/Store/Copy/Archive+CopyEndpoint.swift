import Foundation
import GRDB

extension Archive: CopyEndpoint {
    /// SQLite names `row_id` by its rowid.
    private func selectList(_ table: CopyTable) -> String {
        table.columns.map { $0 == "row_id" ? "rowid AS row_id" : $0 }.joined(separator: ", ")
    }

    private func keyList(_ table: CopyTable) -> [String] { table.key.map { $0 == "row_id" ? "rowid" : $0 } }

    func rows(of table: CopyTable, after key: [CopyValue]?, limit: Int) throws -> [[CopyValue]] {
        let keys = keyList(table)
        var sql = "SELECT \(selectList(table)) FROM \(table.name)"
        var arguments = StatementArguments()
        if let key {
            sql += " WHERE (\(keys.joined(separator: ", "))) > (\(keys.map { _ in "?" }.joined(separator: ", ")))"
            arguments = StatementArguments(key.map(\.databaseValue))
        }
        sql += " ORDER BY \(keys.joined(separator: ", ")) LIMIT \(limit)"
        return try pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                (0..<row.count).map { CopyValue(row[$0] as DatabaseValue) }
            }
        }
    }

    func insert(_ rows: [[CopyValue]], into table: CopyTable) throws {
        let columns = table.columns.map { $0 == "row_id" ? "rowid" : $0 }
        let sql = "INSERT INTO \(table.name) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
        try pool.write { db in
            let statement = try db.cachedStatement(sql: sql)
            for row in rows { try statement.execute(arguments: StatementArguments(row.map(\.databaseValue))) }
        }
    }

    func count(of table: CopyTable) throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.name)") ?? 0 }
    }

    func finishCopy(progress: (String) -> Void) throws {
        guard maintainsSearchIndex else { return }
        progress("search index")
        try pool.write { db in try Self.rebuildSearchIndex(db) }
    }
}

extension CopyValue {
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let number): self = .integer(number)
        case .double(let number): self = .real(number)
        case .string(let text): self = .text(text)
        case .blob(let data): self = .text(String(decoding: data, as: UTF8.self))
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let number): number.databaseValue
        case .real(let number): number.databaseValue
        case .text(let text): text.databaseValue
        }
    }
}
