import Foundation
import PostgresNIO

/// The filer's side of the intake (`PostgresCoordination`): rows are read, applied and deleted in one
/// transaction of the archive's writer, so a filer killed at any moment leaves each row either applied
/// and gone or not applied and still queued: nothing is lost or applied twice. The rows are locked as
/// they are read (`FOR UPDATE`), so even a second filer that lost the advisory lock's race waits, and
/// then finds them gone.
extension PostgresArchive {
    /// One intake row as the filer sees it.
    public struct IntakeRow: Sendable {
        public var id: Int64
        public var sourceID: String
        public var writes: [IntakeWrite]
    }

    /// What one call of `fileIntake` did.
    public struct Filed: Sendable {
        /// Rows applied and deleted.
        public var rows: Int = 0
        /// Rows that failed alone, moved to `finews_intake_rejected` with the reason.
        public var rejected: [(id: Int64, source: String, reason: String)] = []
        public var outcomes: [SourceOutcome] = []
    }

    /// Applies the oldest waiting rows, up to about `articles` articles (at least one row), in one
    /// transaction through `apply` (which runs each row's writes in the archive's transaction and returns
    /// the outcomes of its batches), deletes them in it, and notifies `finews_changes` on commit. When the
    /// group fails, each row is tried in a transaction of its own, and a row that fails alone is moved to
    /// the rejected table with the reason, so one bad row never holds up the rest.
    public func fileIntake(articles: Int = 1_024, maximumRows: Int = 64,
                           apply: (IntakeRow, any ArchiveTransaction) throws -> [SourceOutcome]) throws(StoreError) -> Filed {
        var filed = Filed()
        do {
            filed.outcomes = try writeGroup { transaction in
                let rows = try lockedRows(articles: articles, maximumRows: maximumRows, after: nil, single: false)
                filed.rows = rows.count
                var outcomes: [SourceOutcome] = []
                for row in rows { outcomes += try apply(try row.decoded(), transaction) }
                try finish(rows.map(\.id))
                return outcomes
            }
            return filed
        } catch {
            guard filed.rows > 1 else {
                if filed.rows == 0 { throw error }
                return try rejectOldest(reason: "\(error)", into: filed)
            }
        }
        // One at a time, each in its own transaction.
        var outcomes: [SourceOutcome] = []
        var rejected: [(id: Int64, source: String, reason: String)] = []
        var rows = 0
        var after: Int64?
        for _ in 0..<filed.rows {
            var current: (id: Int64, source: String)?
            do {
                let done = try writeGroup { transaction in
                    guard let row = try lockedRows(articles: 0, maximumRows: 1, after: after, single: true).first else {
                        return [SourceOutcome]?.none
                    }
                    current = (row.id, row.sourceID)
                    let result = try apply(try row.decoded(), transaction)
                    try finish([row.id])
                    return result
                }
                guard let done else { break }
                outcomes += done
                rows += 1
            } catch {
                guard let current else { throw error }
                rejected.append(try reject(current.id, reason: "\(error)"))
            }
            after = current?.id
        }
        return Filed(rows: rows, rejected: rejected, outcomes: outcomes)
    }

    private struct LockedRow {
        var id: Int64
        var sourceID: String
        var payload: Data

        func decoded() throws -> IntakeRow {
            do {
                return IntakeRow(id: id, sourceID: sourceID, writes: try IntakeWrite.decode(payload))
            } catch {
                throw PostgresStatementError(sql: "", reason: "intake row \(id) of \(sourceID) does not decode: \(error)")
            }
        }
    }

    /// Runs inside the writer's transaction: `writeGroup` holds `writer` for its body.
    private func lockedRows(articles: Int, maximumRows: Int, after: Int64?, single: Bool) throws -> [LockedRow] {
        let rows = try writer.query("""
            SELECT id, source_id, articles, payload FROM finews_intake WHERE id > $1 ORDER BY id LIMIT $2 FOR UPDATE
            """, [.int(after ?? 0), .int(Int64(maximumRows))])
        var locked: [LockedRow] = []
        var total = 0
        for row in rows {
            let count = Int(try row.required("articles", as: Int64.self))
            if !locked.isEmpty && total + count > articles { break }
            total += count
            let bytes = try row.required("payload", as: ByteBuffer.self)
            locked.append(LockedRow(id: try row.required("id", as: Int64.self), sourceID: try row.required("source_id", as: String.self),
                                    payload: Data(bytes.readableBytesView)))
            if single { break }
        }
        return locked
    }

    private func finish(_ ids: [Int64]) throws {
        try writer.query("DELETE FROM finews_intake WHERE id = ANY($1)", [.ints(ids)])
        // Delivered when the transaction commits, never for one rolled back.
        try writer.query("SELECT pg_notify($1, '')", [.text(PostgresCoordination.changesChannel)])
    }

    private func rejectOldest(reason: String, into filed: Filed) throws(StoreError) -> Filed {
        let oldest: Int64? = try write { session in
            try session.query("SELECT id FROM finews_intake ORDER BY id LIMIT 1").first?.required("id", as: Int64.self)
        }
        guard let oldest else { return Filed() }
        return Filed(rows: 0, rejected: [try reject(oldest, reason: reason)], outcomes: [])
    }

    private func reject(_ id: Int64, reason: String) throws(StoreError) -> (id: Int64, source: String, reason: String) {
        try write { session in
            let source = try session.query("""
                WITH gone AS (DELETE FROM finews_intake WHERE id = $1 RETURNING *)
                INSERT INTO finews_intake_rejected (id, source_id, worker, payload, queued, rejected, reason)
                SELECT id, source_id, worker, payload, queued, \(PostgresCoordination.now), $2 FROM gone
                RETURNING source_id
                """, [.int(id), .text(reason)]).first?.required("source_id", as: String.self)
            return (id, source ?? "", reason)
        }
    }
}
