import Foundation
import PostgresNIO

extension PostgresArchive: CopyEndpoint {
    func rows(of table: CopyTable, after key: [CopyValue]?, limit: Int) throws -> [[CopyValue]] {
        var sql = "SELECT \(table.columns.joined(separator: ", ")) FROM \(table.name)"
        var binds: [PostgresBind] = []
        if let key {
            sql += " WHERE (\(table.key.joined(separator: ", "))) > (\(table.key.indices.map { "$\($0 + 1)" }.joined(separator: ", ")))"
            binds = key.map(\.bind)
        }
        sql += " ORDER BY \(table.key.joined(separator: ", ")) LIMIT \(limit)"
        return try read { session in
            try session.query(sql, binds).map { row in try row.makeRandomAccess().map(CopyValue.init) }
        }
    }

    func insert(_ rows: [[CopyValue]], into table: CopyTable) throws {
        guard !rows.isEmpty else { return }
        // Many rows per statement (PostgreSQL takes at most 65,535 parameters), one round trip each.
        let perStatement = max(1, min(500, 60_000 / table.columns.count))
        try write { session in
            for start in stride(from: 0, to: rows.count, by: perStatement) {
                let chunk = rows[start..<min(rows.count, start + perStatement)]
                var values: [String] = []
                var binds: [PostgresBind] = []
                for row in chunk {
                    values.append("(" + row.indices.map { "$\(binds.count + $0 + 1)" }.joined(separator: ", ") + ")")
                    binds += row.map(\.bind)
                }
                try session.query("INSERT INTO \(table.name) (\(table.columns.joined(separator: ", "))) OVERRIDING SYSTEM VALUE VALUES "
                                  + values.joined(separator: ", "), binds)
            }
        }
    }

    func count(of table: CopyTable) throws -> Int {
        try read { session in try session.query("SELECT count(*) FROM \(table.name)").first?.value(at: 0, as: Int.self) ?? 0 }
    }

    func finishCopy(progress: (String) -> Void) throws {
        // Identity columns continue after the copied ids.
        try write { session in
            for (table, column) in [("articles", "row_id"), ("revisions", "id"), ("refreshes", "id"), ("change_events", "id")] {
                try session.query("""
                    SELECT setval(pg_get_serial_sequence('\(table)', '\(column)'), coalesce((SELECT max(\(column)) FROM \(table)), 0) + 1, false)
                    """)
            }
        }
        guard maintainsSearchIndex else { return }
        progress("search index")
        try rebuildSearchIndex()
    }
}

extension CopyValue {
    init(_ cell: PostgresCell) throws {
        guard cell.bytes != nil else {
            self = .null
            return
        }
        switch cell.dataType {
        case .int8, .int4, .int2: self = .integer(try cell.decode(Int64.self))
        case .float8, .float4, .numeric: self = .real(try cell.decode(Double.self))
        case .bool: self = .integer(try cell.decode(Bool.self) ? 1 : 0)
        default: self = .text(try cell.decode(String.self))
        }
    }

    var bind: PostgresBind {
        switch self {
        case .null: .null
        case .integer(let number): .int(number)
        case .real(let number): .double(number)
        case .text(let text): .text(text)
        }
    }
}
