import Foundation
import Model

extension PostgresArchive {
    /// Records an attempt (`Archive.recordAttempt`). Fetch workers on several machines record attempts
    /// at once, so the row is locked from the read of the previous failures to the write.
    @discardableResult
    public func recordAttempt(_ attempt: SourceAttempt,
                              nextAttempt: (_ consecutiveFailures: Int) -> Date) throws(StoreError) -> SourceHealth {
        try write { session in try recordAttempt(attempt, nextAttempt: nextAttempt, session: session) }
    }

    func recordAttempt(_ attempt: SourceAttempt, nextAttempt: (_ consecutiveFailures: Int) -> Date,
                       session: PostgresSession) throws -> SourceHealth {
        // A source seen for the first time gets a placeholder row, which locks it until this transaction
        // ends (another process inserting it waits, then finds it); a known one is locked by the read.
        let isFirst = try !session.query("""
            INSERT INTO source_health (source_id, last_attempt, next_attempt) VALUES ($1, $2, $2)
            ON CONFLICT (source_id) DO NOTHING RETURNING source_id
            """, [.text(attempt.sourceID), .double(attempt.at.timeIntervalSince1970)]).isEmpty
        let previous = isFirst ? nil : try session.query("SELECT * FROM source_health WHERE source_id = $1 FOR UPDATE",
                                                         [.text(attempt.sourceID)]).first.map(SourceHealth.init(postgres:))
        let failures = attempt.error == nil ? 0 : (previous?.consecutiveFailures ?? 0) + 1
        let health = SourceHealth(
            sourceID: attempt.sourceID, lastAttempt: attempt.at,
            lastSuccess: attempt.error == nil ? attempt.at : previous?.lastSuccess, httpStatus: attempt.httpStatus,
            lastError: attempt.error, consecutiveFailures: failures, nextAttempt: nextAttempt(failures))
        try session.query("""
            UPDATE source_health SET last_attempt = $2, last_success = $3, http_status = $4, last_error = $5,
                consecutive_failures = $6, next_attempt = $7
            WHERE source_id = $1
            """, [.text(health.sourceID), .double(health.lastAttempt.timeIntervalSince1970),
                  .double(health.lastSuccess?.timeIntervalSince1970), .int(health.httpStatus.map { Int64($0) }),
                  .text(health.lastError), .int(Int64(health.consecutiveFailures)),
                  .double(health.nextAttempt.timeIntervalSince1970)])
        return health
    }

    /// Every source's health, by id (compared bytewise, as SQLite orders text).
    public func sourceHealth() throws(StoreError) -> [SourceHealth] {
        try read { session in
            try session.query("SELECT * FROM source_health ORDER BY source_id COLLATE \"C\"").map(SourceHealth.init(postgres:))
        }
    }

    public func sourceHealth(_ sourceID: String) throws(StoreError) -> SourceHealth? {
        try read { session in
            try session.query("SELECT * FROM source_health WHERE source_id = $1", [.text(sourceID)]).first
                .map(SourceHealth.init(postgres:))
        }
    }
}
