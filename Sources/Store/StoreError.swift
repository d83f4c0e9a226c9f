/// The archive could not be opened, migrated, read or written. `path` is the SQLite file.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case open(path: String, reason: String)
    case migration(path: String, reason: String)
    case query(path: String, reason: String)

    public var description: String {
        switch self {
        case let .open(path, reason): "\(path): cannot open the archive: \(reason)"
        case let .migration(path, reason): "\(path): cannot migrate the archive: \(reason)"
        case let .query(path, reason): "\(path): archive error: \(reason)"
        }
    }
}
