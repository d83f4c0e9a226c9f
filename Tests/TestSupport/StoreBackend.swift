import Foundation
import Store
import Testing

/// The archive backends the Store tests run on (issue 16: both pass the same tests). A test that takes one
/// as its argument runs once on an SQLite file and once on a fresh database of the test process's
/// PostgreSQL cluster (`PostgresCluster`).
public enum StoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgresql

    public var testDescription: String { rawValue }

    /// A new, empty archive's location: a file in `folder`, or a new database.
    public func newDatabase(in folder: TemporaryFolder, name: String = "archive") throws -> URL {
        switch self {
        case .sqlite:
            return folder.path("\(name).sqlite")
        case .postgresql:
            let text = try PostgresCluster.running().makeDatabase()
            guard let url = URL(string: text) else { throw PostgresCluster.Unavailable(description: "bad URL \(text)") }
            return url
        }
    }

    /// What a test configuration's `database:` says for a new, empty archive: a path relative to the
    /// configuration's folder, or a new PostgreSQL database's URL.
    public func configuredDatabase() throws -> String {
        switch self {
        case .sqlite: "var/finews.sqlite"
        case .postgresql: try PostgresCluster.running().makeDatabase()
        }
    }

    /// A new, empty archive.
    public func makeArchive(in folder: TemporaryFolder, name: String = "archive") throws -> any ArchiveStore {
        try ArchiveBackend.open(newDatabase(in: folder, name: name))
    }
}
