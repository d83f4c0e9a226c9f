import Foundation
import Model

/// Several writes in one PostgreSQL transaction on the writer's session (`SQLiteArchiveTransaction` on
/// SQLite): each does exactly what it does in a transaction of its own and sees what the earlier writes of
/// the group stored; the group lands whole or not at all. Valid only inside `PostgresArchive.writeGroup`'s
/// body, on its thread.
struct PostgresArchiveTransaction: ArchiveTransaction {
    let archive: PostgresArchive
    let session: PostgresSession

    func apply(_ batch: SourceBatch, refreshID: Int64, at now: Date) throws -> SourceOutcome {
        try archive.apply(batch, refreshID: refreshID, at: now, session: session)
    }

    @discardableResult
    func recordAttempt(_ attempt: SourceAttempt, nextAttempt: (_ consecutiveFailures: Int) -> Date) throws -> SourceHealth {
        try archive.recordAttempt(attempt, nextAttempt: nextAttempt, session: session)
    }

    func storeHTTPValidators(_ validators: HTTPValidators?, for url: String, at now: Date) throws {
        try archive.storeHTTPValidators(validators, for: url, at: now, session: session)
    }
}

extension PostgresArchive {
    /// Runs `body` in one write transaction: committed when it returns, rolled back when it throws.
    public func writeGroup<T>(_ body: (any ArchiveTransaction) throws -> T) throws(StoreError) -> T {
        try write { session in try body(PostgresArchiveTransaction(archive: self, session: session)) }
    }
}
