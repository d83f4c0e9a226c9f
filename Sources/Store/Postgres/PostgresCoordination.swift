import Foundation
import PostgresNIO
import Synchronization

/// How finews processes sharing one PostgreSQL archive work together (issue 16), with PostgreSQL doing
/// the coordination:
///
/// - **Leases** (`finews_leases`): a fetch worker claims due sources with `SELECT … FOR UPDATE SKIP
///   LOCKED`, so two workers never claim the same one, and holds each until `lease_until` (renewed while
///   it works). A worker that dies stops renewing; its leases expire and another worker claims them.
/// - **Intake** (`finews_intake`): prepared batches and health writes, in arrival order (id). A source
///   is not claimed again while it has rows waiting, and its health (the next due time) is written when
///   the filer files its last row, so a source is fetched once per due time.
/// - **Filer lock**: a session-level advisory lock (`pg_try_advisory_lock`), held by exactly one filer;
///   PostgreSQL releases it when that filer's connection ends, dead or alive.
/// - **Notifications**: `finews_intake` when a row is queued (wakes the filer), `finews_changes` when the
///   filer committed (wakes the publishers).
/// - **Workers** (`finews_workers`): heartbeats, so `finews refresh` knows whether anyone will fetch.
///
/// Times are the database's clock (`clock_timestamp()`), so machines with skewed clocks agree on leases.
public final class PostgresCoordination: Sendable {
    public let server: PostgresLocation
    /// This process, as the tables name it: host, pid and a random part.
    public let worker: String
    private let idle = Mutex<[PostgresSession]>([])
    /// The connection holding the filer lock, while this process is the filer.
    private let lockSession = Mutex<(session: PostgresSession, backend: Int32)?>(nil)
    /// Lock connections the server ended, kept rather than closed (see `forgetLockSession`).
    private let lostSessions = Mutex<[PostgresSession]>([])

    public static let intakeChannel = "finews_intake"
    public static let changesChannel = "finews_changes"
    /// `pg_advisory_lock` key of the filer ("finews filer" in ASCII, shortened to 64 bits).
    static let filerLockKey: Int64 = 0x66_696E_6577_7346

    static let schema = """
        CREATE TABLE finews_leases (
            source_id TEXT PRIMARY KEY,
            worker TEXT,
            lease_until DOUBLE PRECISION NOT NULL DEFAULT 0,
            last_worker TEXT,
            claimed DOUBLE PRECISION,
            claims BIGINT NOT NULL DEFAULT 0
        );
        CREATE TABLE finews_intake (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            source_id TEXT NOT NULL,
            worker TEXT NOT NULL,
            articles BIGINT NOT NULL,
            last_of_source BOOLEAN NOT NULL,
            payload BYTEA NOT NULL,
            queued DOUBLE PRECISION NOT NULL
        );
        CREATE INDEX finews_intake_source ON finews_intake(source_id);
        CREATE TABLE finews_intake_rejected (
            id BIGINT PRIMARY KEY,
            source_id TEXT NOT NULL,
            worker TEXT NOT NULL,
            payload BYTEA NOT NULL,
            queued DOUBLE PRECISION NOT NULL,
            rejected DOUBLE PRECISION NOT NULL,
            reason TEXT NOT NULL
        );
        CREATE TABLE finews_workers (
            id TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            host TEXT NOT NULL,
            pid BIGINT NOT NULL,
            started DOUBLE PRECISION NOT NULL,
            seen DOUBLE PRECISION NOT NULL
        );
        """

    static let now = "extract(epoch from clock_timestamp())::double precision"

    public init(_ server: PostgresLocation) throws(StoreError) {
        self.server = server
        let host = ProcessInfo.processInfo.hostName
        worker = "\(host):\(getpid()):\(UInt32.random(in: 0...UInt32.max))"
        let session = try PostgresSession(server, applicationName: "finews coordination")
        do {
            try PostgresSchema.migrate(session)
        } catch {
            throw .migration(path: server.description, reason: PostgresSession.describe(error))
        }
        idle.withLock { $0.append(session) }
    }

    /// Runs `body` on a connection of this process's small pool.
    @discardableResult
    func session<T>(_ body: (PostgresSession) throws -> T) throws(StoreError) -> T {
        let session: PostgresSession
        if let kept = idle.withLock({ $0.popLast() }) {
            session = kept
        } else {
            session = try PostgresSession(server, applicationName: "finews coordination")
        }
        do {
            let result = try body(session)
            idle.withLock { if $0.count < 4 { $0.append(session) } }
            return result
        } catch let error as StoreError {
            throw error
        } catch {
            throw .query(path: server.description, reason: PostgresSession.describe(error))
        }
    }

    /// The database's clock, seconds since 1970.
    public func databaseTime() throws(StoreError) -> Double {
        try session { try $0.query("SELECT \(Self.now) AS now")[0].required("now", as: Double.self) }
    }

    // MARK: Workers

    /// Says this process is alive in `role`.
    public func heartbeat(role: String) throws(StoreError) {
        try session { session in
            try session.query("""
                INSERT INTO finews_workers (id, role, host, pid, started, seen) VALUES ($1, $2, $3, $4, \(Self.now), \(Self.now))
                ON CONFLICT (id) DO UPDATE SET role = excluded.role, seen = excluded.seen
                """, [.text(worker), .text(role), .text(ProcessInfo.processInfo.hostName), .int(Int64(getpid()))])
        }
    }

    /// Processes of `role` seen in the last `within` seconds.
    public func liveWorkers(role: String, within: Double) throws(StoreError) -> Int {
        try session { session in
            try session.query("SELECT count(*) AS n FROM finews_workers WHERE role = $1 AND seen > \(Self.now) - $2",
                              [.text(role), .double(within)])[0].required("n", as: Int64.self)
        }.asInt
    }

    /// Removes this process's heartbeat (a clean stop), and any lease it still holds.
    public func leave() throws(StoreError) {
        try session { session in
            try session.query("DELETE FROM finews_workers WHERE id = $1", [.text(worker)])
            try session.query("UPDATE finews_leases SET worker = NULL, lease_until = 0 WHERE worker = $1", [.text(worker)])
        }
    }

    // MARK: Leases

    /// Makes sure every source has a lease row (a row per source, claimed or not).
    public func register(sources: [String]) throws(StoreError) {
        try session { session in
            try session.query("""
                INSERT INTO finews_leases (source_id) SELECT unnest($1::text[]) ON CONFLICT (source_id) DO NOTHING
                """, [.texts(sources)])
        }
    }

    /// Claims up to `limit` of `sources` that are due (their health's next attempt has come, or they
    /// have none yet), not leased by a live lease, and have nothing waiting in the intake; each is
    /// leased to this process for `lease` seconds. Most overdue first.
    public func claimDue(among sources: [String], limit: Int, lease: Double) throws(StoreError) -> [String] {
        guard limit > 0, !sources.isEmpty else { return [] }
        return try session { session in
            try session.transaction {
                let rows = try session.query("""
                    SELECT l.source_id FROM finews_leases l
                    LEFT JOIN source_health h ON h.source_id = l.source_id
                    WHERE l.source_id = ANY($1)
                      AND l.lease_until < \(Self.now)
                      AND coalesce(h.next_attempt, 0) <= \(Self.now)
                      AND NOT EXISTS (SELECT 1 FROM finews_intake i WHERE i.source_id = l.source_id)
                    ORDER BY coalesce(h.next_attempt, 0), l.source_id
                    LIMIT $2
                    FOR UPDATE OF l SKIP LOCKED
                    """, [.texts(sources), .int(Int64(limit))])
                let ids = try rows.map { try $0.required("source_id", as: String.self) }
                guard !ids.isEmpty else { return [] }
                try session.query("""
                    UPDATE finews_leases SET worker = $2, last_worker = $2, lease_until = \(Self.now) + $3, claimed = \(Self.now),
                        claims = claims + 1
                    WHERE source_id = ANY($1)
                    """, [.texts(ids), .text(worker), .double(lease)])
                return ids
            }
        }
    }

    /// Extends every lease this process holds by `lease` seconds from now; returns how many it holds.
    @discardableResult
    public func renewLeases(lease: Double) throws(StoreError) -> Int {
        try session { session in
            try session.query("""
                UPDATE finews_leases SET lease_until = \(Self.now) + $2 WHERE worker = $1 AND lease_until > 0
                RETURNING source_id
                """, [.text(worker), .double(lease)]).count
        }
    }

    /// Gives a lease back without queuing anything (the fetch failed before it could say so).
    public func release(source: String) throws(StoreError) {
        try session { session in
            try session.query("UPDATE finews_leases SET worker = NULL, lease_until = 0 WHERE source_id = $1 AND worker = $2",
                              [.text(source), .text(worker)])
        }
    }

    /// Who holds which lease, and how often each source was claimed (for tests and `finews sources`).
    public func leases() throws(StoreError) -> [SourceLease] {
        try session { session in
            try session.query("SELECT source_id, worker, lease_until - \(Self.now) AS remaining, claims FROM finews_leases ORDER BY source_id")
                .map { row in
                    let remaining = try row.required("remaining", as: Double.self)
                    return SourceLease(sourceID: try row.required("source_id", as: String.self),
                                       worker: remaining > 0 ? try row.value("worker", as: String.self) : nil,
                                       remaining: max(0, remaining),
                                       claims: Int(try row.required("claims", as: Int64.self)))
                }
        }
    }

    // MARK: Intake

    /// Queues one source's writes for the filer (and wakes it). With `releasing` (the source's last row,
    /// its health), the source's lease is given back in the same transaction: its intake rows now keep it
    /// from being claimed again.
    @discardableResult
    public func enqueue(_ writes: [IntakeWrite], source: String, releasing: Bool) throws(StoreError) -> Int64 {
        let payload: Data
        do {
            payload = try IntakeWrite.encode(writes)
        } catch {
            throw .query(path: server.description, reason: "cannot encode the intake row of \(source): \(error)")
        }
        let articles = writes.reduce(0) { $0 + $1.articles }
        return try session { session in
            try session.transaction {
                let id = try session.query("""
                    INSERT INTO finews_intake (source_id, worker, articles, last_of_source, payload, queued)
                    VALUES ($1, $2, $3, $4, $5, \(Self.now)) RETURNING id
                    """, [.text(source), .text(worker), .int(Int64(articles)), .bool(releasing), .bytes(Array(payload))])[0].required("id", as: Int64.self)
                if releasing {
                    try session.query("UPDATE finews_leases SET worker = NULL, lease_until = 0 WHERE source_id = $1 AND worker = $2",
                                      [.text(source), .text(worker)])
                }
                try session.query("SELECT pg_notify($1, $2)", [.text(Self.intakeChannel), .text(String(id))])
                return id
            }
        }
    }

    /// Rows waiting in the intake (of these sources, when given).
    public func intakeWaiting(sources: [String]? = nil) throws(StoreError) -> Int {
        try session { session in
            if let sources {
                return try session.query("SELECT count(*) AS n FROM finews_intake WHERE source_id = ANY($1)",
                                         [.texts(sources)])[0].required("n", as: Int64.self)
            }
            return try session.query("SELECT count(*) AS n FROM finews_intake")[0].required("n", as: Int64.self)
        }.asInt
    }

    /// Rows the filer could not apply, with why (kept, never dropped).
    public func rejectedIntake() throws(StoreError) -> [(id: Int64, source: String, reason: String)] {
        try session { session in
            try session.query("SELECT id, source_id, reason FROM finews_intake_rejected ORDER BY id").map {
                (try $0.required("id", as: Int64.self), try $0.required("source_id", as: String.self),
                 try $0.required("reason", as: String.self))
            }
        }
    }

    // MARK: Refresh by hand

    /// Makes `sources` due now; returns the database time from which an attempt counts as the asked one.
    public func markDue(sources: [String]) throws(StoreError) -> Double {
        try session { session in
            try session.transaction {
                let now = try session.query("SELECT \(Self.now) AS now")[0].required("now", as: Double.self)
                try session.query("UPDATE source_health SET next_attempt = $2 WHERE source_id = ANY($1) AND next_attempt > $2",
                                  [.texts(sources), .double(now)])
                return now
            }
        }
    }

    /// Which of `sources` have had an attempt recorded at or after `since`.
    public func attempted(sources: [String], since: Double) throws(StoreError) -> Set<String> {
        try session { session in
            Set(try session.query("SELECT source_id FROM source_health WHERE source_id = ANY($1) AND last_attempt >= $2",
                                  [.texts(sources), .double(since)]).map { try $0.required("source_id", as: String.self) })
        }
    }

    // MARK: The filer lock

    /// Takes the filer lock if no other process holds it, on a connection kept for as long as this
    /// process files; true when this process holds it (now or already).
    public func tryTakeFilerLock() throws(StoreError) -> Bool {
        if lockSession.withLock({ $0 != nil }) { return true }
        let session = try PostgresSession(server, applicationName: "finews filer lock \(getpid())")
        let backend: Int32?
        do {
            let row = try session.query("SELECT pg_try_advisory_lock($1) AS taken, pg_backend_pid() AS pid", [.int(Self.filerLockKey)])[0]
            backend = try row.required("taken", as: Bool.self) ? try row.required("pid", as: Int32.self) : nil
        } catch {
            throw .query(path: server.description, reason: PostgresSession.describe(error))
        }
        guard let backend else { return false }
        lockSession.withLock { $0 = (session, backend) }
        return true
    }

    /// Whether the lock is still held by this process's lock connection, asked on another connection:
    /// a statement sent on a connection the server ended may never be answered.
    public func stillHoldsFilerLock() -> Bool {
        guard let backend = lockSession.withLock({ $0?.backend }) else { return false }
        let held: Bool
        do {
            held = try session { session in
                try session.query("""
                    SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = $1 AND objsubid = 1
                      AND classid::bigint = $2 AND objid::bigint = $3
                    """, [.int(Int64(backend)), .int(Self.filerLockKey >> 32), .int(Self.filerLockKey & 0xFFFF_FFFF)])[0]
                    .required("n", as: Int64.self) == 1
            }
        } catch {
            return false
        }
        if !held { forgetLockSession() }
        return held
    }

    /// Drops the lock's connection without waiting on it (closing a connection the server ended may not return).
    private func forgetLockSession() {
        guard let lost = lockSession.withLock({ state -> PostgresSession? in defer { state = nil }; return state?.session }) else { return }
        lostSessions.withLock { $0.append(lost) }
    }

    /// Gives the filer lock back (a clean stop); closing the connection releases it too.
    public func releaseFilerLock() {
        guard let session = lockSession.withLock({ state -> PostgresSession? in defer { state = nil }; return state?.session }) else { return }
        _ = try? session.query("SELECT pg_advisory_unlock($1)", [.int(Self.filerLockKey)])
    }

    // MARK: Notifications

    /// Listens on `channel` on a connection of its own, calling `notified` for each notification, until
    /// the task is cancelled or the connection breaks (then it throws; callers poll as well, so a lost
    /// notification only delays).
    public func listen(_ channel: String, notified: @escaping @Sendable () -> Void) async throws {
        let session = try PostgresSession(server, applicationName: "finews listener")
        try await session.connection.listen(on: channel) { notifications in
            for try await _ in notifications { notified() }
        }
    }
}

/// A source's lease as `PostgresCoordination.leases()` reads it.
public struct SourceLease: Sendable, Equatable {
    public var sourceID: String
    /// The worker holding a live lease; nil when unclaimed or expired.
    public var worker: String?
    /// Seconds the live lease has left.
    public var remaining: Double
    /// How many times the source was claimed.
    public var claims: Int
}

private extension Int64 {
    var asInt: Int { Int(self) }
}
