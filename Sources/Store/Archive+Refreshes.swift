import Foundation
import GRDB
import Model

/// How a refresh was started, as the archive records it.
public enum RefreshTrigger: String, Sendable, Codable {
    case manual, schedule, reload, `import`
}

/// A finished (or running) refresh as recorded.
public struct RefreshRecord: Sendable, Equatable {
    public var id: Int64
    public var trigger: String
    public var started: Date
    public var finished: Date?
    public var new: Int
    public var updated: Int
    public var unchanged: Int
    public var removed: Int
    public var errors: Int
}

extension Archive {
    public func beginRefresh(trigger: RefreshTrigger, at now: Date) throws(StoreError) -> Int64 {
        try write { db in
            try db.cachedStatement(sql: "INSERT INTO refreshes (trigger, started) VALUES (?, ?)")
                .execute(arguments: [trigger.rawValue, now.timeIntervalSince1970])
            return db.lastInsertedRowID
        }
    }

    public func finishRefresh(_ id: Int64, outcomes: [SourceOutcome], at now: Date) throws(StoreError) {
        try write { db in
            try db.cachedStatement(sql: """
                UPDATE refreshes SET finished = ?, new = ?, updated = ?, unchanged = ?, removed = ?, errors = ?
                WHERE id = ?
                """).execute(arguments: [
                    now.timeIntervalSince1970, outcomes.map(\.new).reduce(0, +), outcomes.map(\.updated).reduce(0, +),
                    outcomes.map(\.unchanged).reduce(0, +), outcomes.map(\.removed).reduce(0, +),
                    outcomes.map { $0.errors.count + ($0.failure == nil ? 0 : 1) }.reduce(0, +), id,
                ])
        }
    }

    public func lastRefresh() throws(StoreError) -> RefreshRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM refreshes ORDER BY id DESC LIMIT 1").map { row in
                RefreshRecord(id: row["id"], trigger: row["trigger"],
                              started: Date(timeIntervalSince1970: row["started"]),
                              finished: (row["finished"] as Double?).map(Date.init(timeIntervalSince1970:)),
                              new: row["new"], updated: row["updated"], unchanged: row["unchanged"],
                              removed: row["removed"], errors: row["errors"])
            }
        }
    }
}
