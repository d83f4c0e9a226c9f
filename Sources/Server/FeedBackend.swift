public import Foundation
public import Subscribe

/// What the HTTP server asks of the daemon; the daemon owns the archive, the schedule and the metrics,
/// the server only reads files and renders what it is given.
public protocol FeedBackend: Sendable {
    /// The output folder of the current configuration (a reload may move it), as a file system path.
    func outputPath() -> String
    /// Moves whenever the backend published or its output folder moved; the file cache checks the disk
    /// again when it does, so the daemon's own publishes show at once.
    func publishGeneration() -> Int
    /// `POST /refresh` exists only while this is non-nil.
    func refreshToken() -> String?
    func summary() async -> SiteSummary
    func health() async -> HealthReport
    /// Prometheus text exposition format.
    func metrics() async -> String
    /// Runs (or joins) a manual refresh and answers with its summary as JSON.
    func refresh() async -> RefreshAnswer
    /// The pages read in a browser, by path (percent-decoded) and raw query string.
    func page(path: String, query: String?) async -> PageAnswer?
    /// A published feed (`atom.xml`, `feed.xml` or `feed.json` under the output folder, as a relative
    /// path) narrowed and rewritten by RSSHub's common parameters.
    func filteredFeed(_ relativePath: String, query: FeedQuery) async -> FilteredFeed
}

/// What a filtered request becomes.
public enum FilteredFeed: Sendable {
    case feed(Data)
    /// No such feed (the unfiltered path would be 404 too).
    case notFound
    /// A parameter the feed cannot honour, said in a short sentence.
    case badRequest(String)
    /// The archive could not be read: 503, the reader tries again later.
    case unavailable
}

public struct HealthReport: Sendable, Equatable {
    public var healthy: Bool
    /// One line per check, for people reading `curl /healthz`.
    public var detail: String

    public init(healthy: Bool, detail: String) {
        self.healthy = healthy
        self.detail = detail
    }
}

public struct RefreshAnswer: Sendable {
    public var succeeded: Bool
    public var json: Data

    public init(succeeded: Bool, json: Data) {
        self.succeeded = succeeded
        self.json = json
    }
}

/// What the index page shows.
public struct SiteSummary: Sendable, Equatable {
    public struct Feed: Sendable, Equatable {
        public var title: String
        /// The feed's folder under the output, "" for the main feeds, `categories/<slug>/`, `sources/<id>/`.
        public var folder: String

        public init(title: String, folder: String) {
            self.title = title
            self.folder = folder
        }
    }

    public struct Source: Sendable, Equatable {
        public var id: String
        public var title: String
        /// `ok`, `failing`, `waiting` (not refreshed yet) or `disabled`.
        public var state: String
        public var lastRefresh: String?
        public var nextRefresh: String?
        public var lastCounts: String?
        public var lastError: String?

        public init(id: String, title: String, state: String, lastRefresh: String? = nil, nextRefresh: String? = nil,
                    lastCounts: String? = nil, lastError: String? = nil) {
            self.id = id
            self.title = title
            self.state = state
            self.lastRefresh = lastRefresh
            self.nextRefresh = nextRefresh
            self.lastCounts = lastCounts
            self.lastError = lastError
        }
    }

    public var title: String
    public var description: String
    public var feeds: [Feed]
    public var sources: [Source]
    public var lastRefresh: String?

    public init(title: String, description: String, feeds: [Feed], sources: [Source], lastRefresh: String?) {
        self.title = title
        self.description = description
        self.feeds = feeds
        self.sources = sources
        self.lastRefresh = lastRefresh
    }
}

/// A page rendered by the backend (the front page, stories, articles, search): the server adds the
/// validators, the security headers and the content coding.
public struct PageAnswer: Sendable {
    public var status: Int
    public var contentType: String
    public var body: String

    public init(status: Int = 200, contentType: String = "text/html; charset=utf-8", body: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

extension FeedBackend {
    /// nil: not a page of this backend; the server answers `/` with its plain index page then.
    public func page(path: String, query: String?) async -> PageAnswer? { nil }
}
