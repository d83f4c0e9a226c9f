import Foundation
import GRDB
import Model

/// Several writes in one SQLite transaction: the refresh's writer commits what has queued up while it
/// stored the previous group (group commit, ARCHITECTURE.md hop 7). Each write does exactly what it does in a
/// transaction of its own (`Archive.apply`, `recordAttempt`, `storeHTTPValidators`) and sees what the
/// earlier writes of the group stored; the group lands whole or not at all. Valid only inside
/// `Archive.writeGroup`'s body, on its thread (it holds the writer's connection, which is not Sendable).
struct SQLiteArchiveTransaction: ArchiveTransaction {
    let archive: Archive
    let db: Database

    /// `Archive.apply(_:refreshID:at:)` inside this transaction.
    func apply(_ batch: SourceBatch, refreshID: Int64, at now: Date) throws -> SourceOutcome {
        try archive.apply(batch, refreshID: refreshID, at: now, db: db)
    }

    /// `Archive.recordAttempt(_:nextAttempt:)` inside this transaction.
    @discardableResult
    func recordAttempt(_ attempt: SourceAttempt,
                              nextAttempt: (_ consecutiveFailures: Int) -> Date) throws -> SourceHealth {
        try archive.recordAttempt(attempt, nextAttempt: nextAttempt, db: db)
    }

    /// `Archive.storeHTTPValidators(_:for:at:)` inside this transaction.
    func storeHTTPValidators(_ validators: HTTPValidators?, for url: String, at now: Date) throws {
        try archive.storeHTTPValidators(validators, for: url, at: now, db: db)
    }
}

extension Archive {
    /// Runs `body` in one write transaction: committed when it returns, rolled back when it throws.
    public func writeGroup<T>(_ body: (any ArchiveTransaction) throws -> T) throws(StoreError) -> T {
        try write { db in try body(SQLiteArchiveTransaction(archive: self, db: db)) }
    }
}
