import Dedup
import Foundation
import Model
import PostgresNIO
import Synchronization

/// The PostgreSQL archive (issue 16): the same schema meaning as the SQLite one (`PostgresSchema`), for a
/// newsroom that outgrows one machine. Reads take a connection from a small pool; every write goes through
/// one writer connection, and across processes only the filer writes articles (it holds an advisory lock,
/// `Coordination`), so the single-writer guarantees of the SQLite archive hold here too.
public final class PostgresArchive: ArchiveStore {
    public let server: PostgresLocation
    public var location: String { server.description }
    public let maintainsSearchIndex: Bool
    let storyMatcher: StoryMatcher
    /// The writer's connection: one transaction at a time, under `writerLock`. Replaced by a new one on
    /// the next write after the connection broke (a server restart, a terminated backend, a network
    /// failure): a long-running filer outlives its server's restarts.
    var writer: PostgresSession { writerState.withLock { $0.session } }
    let writerLock = NSLock()
    private let writerState: Mutex<WriterState>
    private struct WriterState {
        var session: PostgresSession
        /// The last write lost the connection: the next one opens a new one first.
        var lost = false
    }
    private let readers = ReaderPool(limit: PostgresArchive.readerLimit)
    /// At most this many reading connections at once (PostgreSQL's default allows 100 in all, and a
    /// cluster has several processes); a reader past it waits for one to come back.
    static let readerLimit = 8

    public init(_ server: PostgresLocation, storyMatcher: StoryMatcher = StoryMatcher(),
                maintainsSearchIndex: Bool = true) throws(StoreError) {
        self.server = server
        self.storyMatcher = storyMatcher
        self.maintainsSearchIndex = maintainsSearchIndex
        let session = try PostgresSession(server)
        do {
            try PostgresSchema.migrate(session)
        } catch {
            throw .migration(path: server.description, reason: PostgresSession.describe(error))
        }
        writerState = Mutex(WriterState(session: session))
    }

    /// Runs `body` on a reader connection (in no transaction: each statement sees what was committed when
    /// it started, as SQLite's readers see the last commit).
    func read<T>(_ body: (PostgresSession) throws -> T) throws(StoreError) -> T {
        let session = try readers.take { () throws(StoreError) in try PostgresSession(server) }
        do {
            let result = try body(session)
            readers.give(back: session)
            return result
        } catch let error as StoreError {
            readers.give(back: session)
            throw error
        } catch {
            // The connection may be broken: it is closed, not kept, and the pool opens a new one when needed.
            readers.give(back: nil)
            throw .query(path: location, reason: PostgresSession.describe(error)
                            + (session.isLost(after: error) ? " (\(Self.lostConnection), the next read opens a new one)" : ""))
        }
    }

    /// Runs `body` in one transaction on the writer's connection.
    func write<T>(_ body: (PostgresSession) throws -> T) throws(StoreError) -> T {
        writerLock.lock()
        defer { writerLock.unlock() }
        let session = try connectedWriter()
        do {
            return try session.transaction { try body(session) }
        } catch {
            guard session.isLost(after: error) else {
                if let error = error as? StoreError { throw error }
                throw .query(path: location, reason: PostgresSession.describe(error))
            }
            writerState.withLock { $0.lost = true }
            throw .query(path: location, reason: "\(PostgresSession.describe(error)) (\(Self.lostConnection), "
                            + "the next write reconnects; this write was not stored)")
        }
    }

    static let lostConnection = "the connection to the server was lost"

    /// The writer's session, a new one when the last write lost it or the server closed it since (an
    /// idle connection learns of a restart when the server's goodbye arrives). Under `writerLock`.
    private func connectedWriter() throws(StoreError) -> PostgresSession {
        let (session, lost) = writerState.withLock { ($0.session, $0.lost) }
        guard lost || session.connection.isClosed else { return session }
        let reopened: PostgresSession
        do {
            reopened = try PostgresSession(server)
        } catch {
            throw .open(path: location, reason: "\(Self.lostConnection) and reconnecting failed: \(error)")
        }
        writerState.withLock { $0 = WriterState(session: reopened) }
        return reopened
    }
}

/// The reading connections: idle ones are reused, new ones are opened up to `limit`, and past it a reader
/// waits for one to be given back.
final class ReaderPool: Sendable {
    private struct State {
        var idle: [PostgresSession] = []
        var open = 0
    }
    private let state = Mutex(State())
    private let returned = NSCondition()
    let limit: Int

    init(limit: Int) { self.limit = limit }

    func take(opening open: () throws(StoreError) -> PostgresSession) throws(StoreError) -> PostgresSession {
        while true {
            enum Next { case use(PostgresSession), openNew, wait }
            let next: Next = state.withLock { state in
                // An idle connection the server closed meanwhile (a restart) is dropped, not handed out.
                while let idle = state.idle.popLast() {
                    if !idle.connection.isClosed { return .use(idle) }
                    state.open -= 1
                }
                if state.open < limit {
                    state.open += 1
                    return .openNew
                }
                return .wait
            }
            switch next {
            case .use(let session):
                return session
            case .openNew:
                do {
                    return try open()
                } catch {
                    state.withLock { $0.open -= 1 }
                    throw error
                }
            case .wait:
                returned.lock()
                _ = returned.wait(until: Date().addingTimeInterval(0.05))
                returned.unlock()
            }
        }
    }

    /// nil: the connection was dropped, and its place is free.
    func give(back session: PostgresSession?) {
        state.withLock { state in
            if let session { state.idle.append(session) } else { state.open -= 1 }
        }
        returned.lock()
        returned.signal()
        returned.unlock()
    }
}
