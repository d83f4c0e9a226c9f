import Foundation
import Model

extension PostgresArchive {
    public func beginRefresh(trigger: RefreshTrigger, at now: Date) throws(StoreError) -> Int64 {
        try write { session in
            guard let row = try session.query("INSERT INTO refreshes (trigger, started) VALUES ($1, $2) RETURNING id",
                                              [.text(trigger.rawValue), .double(now.timeIntervalSince1970)]).first else {
                throw PostgresStatementError(sql: "INSERT INTO refreshes", reason: "no id returned")
            }
            return try row.fields.int64("id")
        }
    }

    public func finishRefresh(_ id: Int64, outcomes: [SourceOutcome], at now: Date) throws(StoreError) {
        try write { session in
            _ = try session.query("""
                UPDATE refreshes SET finished = $1, new = $2, updated = $3, unchanged = $4, removed = $5, errors = $6
                WHERE id = $7
                """, [
                    .double(now.timeIntervalSince1970), .int(Int64(outcomes.map(\.new).reduce(0, +))),
                    .int(Int64(outcomes.map(\.updated).reduce(0, +))), .int(Int64(outcomes.map(\.unchanged).reduce(0, +))),
                    .int(Int64(outcomes.map(\.removed).reduce(0, +))),
                    .int(Int64(outcomes.map { $0.errors.count + ($0.failure == nil ? 0 : 1) }.reduce(0, +))), .int(id),
                ])
        }
    }

    public func lastRefresh() throws(StoreError) -> RefreshRecord? {
        try read { session in
            try session.query("SELECT * FROM refreshes ORDER BY id DESC LIMIT 1").first.map(RefreshRecord.init(postgres:))
        }
    }
}
