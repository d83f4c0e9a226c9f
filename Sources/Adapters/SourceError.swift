public import Fetch

/// A problem reading a source or one of its items. `location` is a file path (relative to the
/// source's folder where possible) or a URL.
public enum SourceError: Error, Equatable, Sendable, CustomStringConvertible {
    case folderUnreadable(path: String, reason: String)
    case unreadable(location: String, reason: String)
    case empty(location: String)
    case binary(location: String)
    case notUTF8(location: String)
    case tooLarge(location: String, bytes: Int, limit: Int)
    case frontMatter(location: String, line: Int?, problem: String)
    case unparsableDate(location: String, line: Int?, value: String)
    case noTitle(location: String)
    case symlinkLoop(location: String)
    /// The request failed: status, timeout, transport, size or redirect limits.
    case fetch(FetchError)
    /// A response whose media type cannot be a feed, API answer or page (`image/png`).
    case wrongContentType(location: String, contentType: String)
    /// A response that is not what the kind reads: a broken feed, JSON without the configured
    /// records, a page without an article.
    case unparsable(location: String, reason: String)
    /// A source that held items lists none now: its site changed, the list is no longer a list.
    case noItems(location: String)
    /// The source's configuration lacks what its kind needs.
    case misconfigured(source: String, reason: String)

    public var location: String {
        switch self {
        case let .folderUnreadable(path, _): path
        case let .unreadable(location, _), let .frontMatter(location, _, _), let .unparsableDate(location, _, _),
             let .tooLarge(location, _, _): location
        case let .empty(location), let .binary(location), let .notUTF8(location), let .noTitle(location),
             let .symlinkLoop(location), let .noItems(location): location
        case let .fetch(error): error.url
        case let .wrongContentType(location, _), let .unparsable(location, _): location
        case let .misconfigured(source, _): source
        }
    }

    public var description: String {
        switch self {
        case let .folderUnreadable(path, reason): "\(path): cannot read the folder: \(reason)"
        case let .unreadable(location, reason): "\(location): cannot read: \(reason)"
        case let .empty(location): "\(location): empty file"
        case let .binary(location): "\(location): binary data, not a text post"
        case let .notUTF8(location): "\(location): not valid UTF-8"
        case let .tooLarge(location, bytes, limit): "\(location): \(bytes) bytes, over the limit of \(limit)"
        case let .frontMatter(location, line, problem):
            "\(location)\(line.map { ":\($0)" } ?? ""): front matter: \(problem)"
        case let .unparsableDate(location, line, value):
            "\(location)\(line.map { ":\($0)" } ?? ""): cannot parse the date '\(value)'"
        case let .noTitle(location): "\(location): no title found"
        case let .symlinkLoop(location): "\(location): symbolic link loop"
        case let .fetch(error): error.description
        case let .wrongContentType(location, contentType): "\(location): served as \(contentType), not text"
        case let .unparsable(location, reason): "\(location): \(reason)"
        case let .noItems(location):
            "\(location): no items, where earlier refreshes found some (has the site changed its markup?)"
        case let .misconfigured(source, reason): "source \(source): \(reason)"
        }
    }
}
