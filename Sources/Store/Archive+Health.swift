import Foundation
import GRDB
import Model

/// How one source has been doing, as `finews sources` shows it.
public struct SourceHealth: Sendable, Equatable, Codable {
    public var sourceID: String
    public var lastAttempt: Date
    public var lastSuccess: Date?
    /// The last HTTP status of the source's own URL; nil for local sources and when no response came.
    public var httpStatus: Int?
    /// The failure of the last attempt; nil when it succeeded.
    public var lastError: String?
    public var consecutiveFailures: Int
    /// When the source is due again: its interval after a success, backed off after failures.
    public var nextAttempt: Date
}

/// What one refresh attempt of a source came to.
public struct SourceAttempt: Sendable {
    public var sourceID: String
    public var at: Date
    public var httpStatus: Int?
    /// nil: the attempt succeeded (single bad items do not make a source fail).
    public var error: String?

    public init(sourceID: String, at: Date, httpStatus: Int?, error: String?) {
        self.sourceID = sourceID
        self.at = at
        self.httpStatus = httpStatus
        self.error = error
    }
}

extension Archive {
    /// Records an attempt. `nextAttempt` gets the number of consecutive failures including this one
    /// (0 after a success), so the caller's backoff decides the schedule.
    @discardableResult
    public func recordAttempt(_ attempt: SourceAttempt,
                              nextAttempt: (_ consecutiveFailures: Int) -> Date) throws(StoreError) -> SourceHealth {
        try write { db in try recordAttempt(attempt, nextAttempt: nextAttempt, db: db) }
    }

    func recordAttempt(_ attempt: SourceAttempt, nextAttempt: (_ consecutiveFailures: Int) -> Date,
                       db: Database) throws -> SourceHealth {
        let previous = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM source_health WHERE source_id = ?"),
            arguments: [attempt.sourceID]).map(SourceHealth.init(row:))
        let failures = attempt.error == nil ? 0 : (previous?.consecutiveFailures ?? 0) + 1
        let health = SourceHealth(
            sourceID: attempt.sourceID, lastAttempt: attempt.at,
            lastSuccess: attempt.error == nil ? attempt.at : previous?.lastSuccess, httpStatus: attempt.httpStatus,
            lastError: attempt.error, consecutiveFailures: failures, nextAttempt: nextAttempt(failures))
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO source_health
                (source_id, last_attempt, last_success, http_status, last_error, consecutive_failures, next_attempt)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [health.sourceID, health.lastAttempt.timeIntervalSince1970,
                             health.lastSuccess?.timeIntervalSince1970, health.httpStatus, health.lastError,
                             health.consecutiveFailures, health.nextAttempt.timeIntervalSince1970])
        return health
    }

    /// Every source's health, by id.
    public func sourceHealth() throws(StoreError) -> [SourceHealth] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM source_health ORDER BY source_id").map(SourceHealth.init(row:))
        }
    }

    public func sourceHealth(_ sourceID: String) throws(StoreError) -> SourceHealth? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM source_health WHERE source_id = ?"),
                arguments: [sourceID])
                .map(SourceHealth.init(row:))
        }
    }
}

extension SourceHealth {
    init(row: Row) {
        self.init(sourceID: row["source_id"], lastAttempt: Date(timeIntervalSince1970: row["last_attempt"]),
                  lastSuccess: (row["last_success"] as Double?).map(Date.init(timeIntervalSince1970:)),
                  httpStatus: row["http_status"], lastError: row["last_error"],
                  consecutiveFailures: row["consecutive_failures"],
                  nextAttempt: Date(timeIntervalSince1970: row["next_attempt"]))
    }
}
