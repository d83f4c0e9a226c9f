import Foundation
public import Subscribe
public import Model

/// The one validated configuration value, loaded once at start (and again on reload).
public struct FinewsConfig: Sendable, Equatable {
    /// The file it was read from; relative paths inside it are resolved against its folder.
    public var file: URL
    /// The archive: a file URL for SQLite (the default, `var/finews.sqlite`), or a `postgresql://` URL
    /// (issue 16; `Store.ArchiveStore.open` reads it, with the PG* environment variables).
    public var database: URL
    /// Whether `database` names a PostgreSQL server rather than an SQLite file.
    public var databaseIsPostgres: Bool { Self.isPostgresURL(database.absoluteString) }
    /// Where feeds and change logs are published.
    public var output: URL
    public var feed: FeedSettings
    /// The zone of dates that carry none (front matter such as `2021-12-23 13:43`).
    public var timeZone: TimeZone
    public var sources: [SourceConfig]
    /// The `http:` section: how network sources are fetched.
    public var http: FetchPolicy = FetchPolicy()
    /// Ages (since an article was first seen) at which stored article pages of network sources are
    /// fetched again to catch edits; thinning with age, then never. Empty: no rechecks.
    public var recheck: [TimeInterval] = [15 * 60, 3600, 3 * 3600, 86400, 3 * 86400]
    /// Hosts that serve the same articles under another name (`m.example.com: www.example.com`), for
    /// recognising links as one article.
    public var hostAliases: [String: String] = [:]
    /// `finews serve`: listen address and the optional refresh token.
    public var server: ServerSettings
    /// Folders of Jekyll or Hexo posts kept up to date after every refresh (`export:`).
    public var exports: [ExportTarget] = []
    /// Where the daemon keeps its control socket and the writer lock; the database's folder by default.
    public var stateDirectory: URL
    /// Keyword feeds (`feeds:`), published under `feeds/<id>/`.
    public var keywordFeeds: [KeywordFeed] = []
    /// How many of a scope's newest articles a filtered request (`?filter=…`) looks through.
    public var filterWindow = 1_000

    public static let defaultTimeZone = "Asia/Shanghai"

    public init(file: URL, database: URL, output: URL, feed: FeedSettings = FeedSettings(),
                timeZone: TimeZone = TimeZone(identifier: defaultTimeZone)!, sources: [SourceConfig],
                server: ServerSettings = ServerSettings(), stateDirectory: URL? = nil) {
        self.file = file
        self.database = database
        self.output = output
        self.feed = feed
        self.timeZone = timeZone
        self.sources = sources
        self.server = server
        // A server's archive has no folder of its own: the state goes beside the configuration file.
        self.stateDirectory = stateDirectory ?? (database.isFileURL ? database.deletingLastPathComponent()
            : file.deletingLastPathComponent().appendingPathComponent("var", isDirectory: true))
    }

    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    public func source(_ id: String) -> SourceConfig? { sources.first { $0.id == id } }
}

/// What the published feeds say about themselves.
public struct FeedSettings: Sendable, Equatable {
    public var title: String = "finews"
    public var description: String = "Chinese financial news, aggregated by finews"
    /// Where the output folder is served; feeds' self links and ids are built on it.
    public var baseURL: String = "http://127.0.0.1:8080/"
    /// Entries per feed, newest first.
    public var items: Int = 50
    public var language: String = "zh-CN"
    /// `one`: a story reprinted by several outlets shows once, as its first published article, with
    /// "also reported by" links to the others; `all`: every article shows.
    public var onePerStory = true

    public init() {}
}

public enum SourceKind: String, Sendable, CaseIterable {
    /// A local folder of posts: front matter over HTML or Markdown, plain text, HTML pages.
    case files
    /// An RSS, Atom or JSON Feed document at `url`.
    case feed
    /// A news API answering JSON records, with an optional detail request per record for the body.
    case json
    /// An HTML list page whose article pages are fetched and extracted.
    case html

    /// Kinds read over HTTP: they get the refresh's client, conditional GET and health.
    public var isNetwork: Bool { self != .files }
}

/// One configured source.
public struct SourceConfig: Sendable, Equatable {
    public var id: String
    public var kind: SourceKind
    public var title: String?
    /// A local folder, for `files`.
    public var path: URL?
    /// A remote address, for network kinds.
    public var url: String?
    public var enabled: Bool = true
    /// How often the daemon refreshes it.
    public var interval: TimeInterval = 900
    /// How an item of this source is recognised across refreshes.
    public var idPolicy: IDPolicy = .auto
    /// The record list, field mapping and detail request of a `json` source.
    public var json: JSONSourceOptions?
    /// The link selectors and extraction rules of an `html` source.
    public var html: HTMLSourceOptions?
    /// `keep:` / `block:` patterns: items they turn away are never stored.
    public var rules = ItemRules()
    /// The recipe the source was made from (`recipe: cls-telegraph`), named in its errors.
    public var recipe: String?

    public init(id: String, kind: SourceKind, title: String? = nil, path: URL? = nil, url: String? = nil) {
        self.id = id
        self.kind = kind
        self.title = title
        self.path = path
        self.url = url
    }
}
