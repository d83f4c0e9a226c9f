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
    /// The writer's connection: one transaction at a time, under `writerLock`.
    let writer: PostgresSession
    let writerLock = NSLock()
    private let idleReaders = Mutex<[PostgresSession]>([])
    static let idleReadersKept = 8

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
        writer = session
    }

    /// Runs `body` on a reader connection (in no transaction: each statement sees what was committed when
    /// it started, as SQLite's readers see the last commit).
    func read<T>(_ body: (PostgresSession) throws -> T) throws(StoreError) -> T {
        let session: PostgresSession
        if let idle = idleReaders.withLock({ $0.popLast() }) {
            session = idle
        } else {
            session = try PostgresSession(server)
        }
        do {
            let result = try body(session)
            idleReaders.withLock { if $0.count < Self.idleReadersKept { $0.append(session) } }
            return result
        } catch let error as StoreError {
            throw error
        } catch {
            // The connection may be broken: it is not kept.
            throw .query(path: location, reason: PostgresSession.describe(error))
        }
    }

    /// Runs `body` in one transaction on the writer's connection.
    func write<T>(_ body: (PostgresSession) throws -> T) throws(StoreError) -> T {
        do {
            return try writerLock.withLock { try writer.transaction { try body(writer) } }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .query(path: location, reason: PostgresSession.describe(error))
        }
    }
}
