import Dedup
import Foundation
import GRDB
import Model

/// The SQLite archive: one file, WAL, schema by migrations.
///
/// Reads go through the pool's readers; every write goes through `write`, and the refresh runs one
/// writer at a time (ARCHITECTURE.md), so no caller ever sees "database is locked".
public final class Archive: ArchiveStore {
    public let path: String
    public var location: String { path }
    let pool: DatabasePool
    /// The Dedup stage decides what is a duplicate; it looks at the band table through the writer's
    /// transaction, so joining a story never races.
    let storyMatcher: StoryMatcher
    /// false only for the benchmark that measures what the search index adds to an import; the
    /// preparation stage then makes no search documents either.
    public let maintainsSearchIndex: Bool

    public init(path: URL, storyMatcher: StoryMatcher = StoryMatcher(), maintainsSearchIndex: Bool = true) throws(StoreError) {
        self.path = path.path
        self.maintainsSearchIndex = maintainsSearchIndex
        self.storyMatcher = storyMatcher
        do {
            try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(30)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                try SearchRanking.register(db)
            }
            pool = try DatabasePool(path: path.path, configuration: configuration)
        } catch {
            throw .open(path: path.path, reason: Self.accessProblem(for: path.path) ?? "\(error)")
        }
        do {
            try Self.migrator.migrate(pool)
        } catch {
            throw .migration(path: path.path, reason: "\(error)")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw .query(path: path, reason: "\(error)")
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .query(path: path, reason: "\(error)")
        }
    }
}
