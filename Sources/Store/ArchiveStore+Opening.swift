import Foundation

/// Opens the archive a configuration names: a `postgresql://` URL opens `PostgresArchive`, a file URL the
/// SQLite `Archive`.
public enum ArchiveBackend {
    public static func open(_ database: URL, maintainsSearchIndex: Bool = true) throws(StoreError) -> any ArchiveStore {
        let text = database.absoluteString
        if text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") {
            return try PostgresArchive(PostgresLocation(url: text), maintainsSearchIndex: maintainsSearchIndex)
        }
        return try Archive(path: database, maintainsSearchIndex: maintainsSearchIndex)
    }
}
