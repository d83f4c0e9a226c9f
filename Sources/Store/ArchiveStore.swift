import Foundation
public import Model

/// The archive as the rest of finews sees it (issue 16): one protocol, two backends. `Archive` keeps it in
/// one SQLite file (the embedded default); `PostgresArchive` in a PostgreSQL database shared by several
/// processes. Both keep the same schema meaning: articles with their revisions and stories, the change log,
/// refreshes, source health, HTTP validators and the search index. `ArchiveStore.open(_:)` picks one
/// from the configured location; nothing outside Store names either.
///
/// Writes of a refresh go through one writer (`writeGroup`), so the single-writer guarantees hold on
/// both: on PostgreSQL, the filer role holds an advisory lock while it writes (ARCHITECTURE.md).
public protocol ArchiveStore: AnyObject, Sendable {
    /// Where the archive is, for messages: a file path, or a PostgreSQL URL without its password.
    var location: String { get }
    /// false only for the benchmark that measures what the search index adds to an import.
    var maintainsSearchIndex: Bool { get }

    // MARK: Writing

    /// One source's batch in a transaction of its own (`ArchiveTransaction.apply` inside a group).
    func apply(_ batch: SourceBatch, refreshID: Int64, at now: Date) throws(StoreError) -> SourceOutcome
    /// Runs `body` in one write transaction: committed when it returns, rolled back when it throws.
    func writeGroup<T>(_ body: (any ArchiveTransaction) throws -> T) throws(StoreError) -> T
    @discardableResult
    func recordAttempt(_ attempt: SourceAttempt,
                       nextAttempt: (_ consecutiveFailures: Int) -> Date) throws(StoreError) -> SourceHealth
    func storeHTTPValidators(_ validators: HTTPValidators?, for url: String, at now: Date) throws(StoreError)
    func beginRefresh(trigger: RefreshTrigger, at now: Date) throws(StoreError) -> Int64
    func finishRefresh(_ id: Int64, outcomes: [SourceOutcome], at now: Date) throws(StoreError)

    // MARK: Reading what a refresh needs

    func httpValidators(for urls: [String]) throws(StoreError) -> [String: HTTPValidators]
    func originStamps(source: String) throws(StoreError) -> [String: String]
    func storedOrigins(source: String) throws(StoreError) -> (origins: Set<String>, articles: Int)
    func dueRechecks(source: String, schedule: [TimeInterval], at now: Date) throws(StoreError) -> Set<String>
    func sourceHealth() throws(StoreError) -> [SourceHealth]
    func sourceHealth(_ sourceID: String) throws(StoreError) -> SourceHealth?
    func lastRefresh() throws(StoreError) -> RefreshRecord?

    // MARK: Reading articles and feeds

    func latestArticles(_ scope: FeedScope, limit: Int, onePerStory: Bool) throws(StoreError) -> [Article]
    func latestArticles(_ scope: FeedScope, limit: Int, onePerStory: Bool,
                        after cursor: FeedCursor?) throws(StoreError) -> (articles: [Article], next: FeedCursor?)
    func filterCandidates(_ scope: FeedScope, limit: Int, onePerStory: Bool) throws(StoreError) -> [Article]
    func filterCandidates(_ scope: FeedScope, limit: Int, onePerStory: Bool, wanted: Int,
                          prefilter: (_ title: UnsafeBufferPointer<UInt8>, _ text: UnsafeBufferPointer<UInt8>) -> Bool,
                          keeping keep: (Article) -> Bool) throws(StoreError) -> [Article]
    func contentHTML(of ids: [String]) throws(StoreError) -> [String: String]
    func categories() throws(StoreError) -> [Category]
    func sourceIDs() throws(StoreError) -> [String]
    func article(id: String) throws(StoreError) -> Article?
    /// Articles in id order, a page at a time (of the source when given).
    func articles(source: String?, after id: String, limit: Int) throws(StoreError) -> [Article]
    func articleCount() throws(StoreError) -> Int
    func storyCount() throws(StoreError) -> Int
    func changes(after id: Int64, since: Date?, limit: Int) throws(StoreError) -> [ChangeEvent]
    func latestChanges(limit: Int) throws(StoreError) -> [ChangeEvent]
    func revisions(of articleID: String) throws(StoreError) -> [(version: Int, title: String, summary: String, trivial: Bool)]

    // MARK: Reading stories and pages

    func frontPage(limit: Int, offset: Int) throws(StoreError) -> [StoryCard]
    func story(_ id: String, limit: Int) throws(StoreError) -> [Article]
    func storyMembers(_ story: String, except articleID: String, limit: Int) throws(StoreError) -> [Article]
    func storyScopes(_ story: String) throws(StoreError) -> (categories: Set<String>, sources: Set<String>)
    func versions(of articleID: String) throws(StoreError) -> [ArticleVersion]
    func recentErrors(of sourceID: String, limit: Int) throws(StoreError) -> [SourceErrors]

    // MARK: Search

    func search(_ query: SearchQuery, since: Date?, limit: Int, offset: Int,
                timeLimit: Duration, rankedMatches: Int) throws(StoreError) -> [SearchHit]
}

/// Several writes in one transaction of the archive (group commit, ARCHITECTURE.md hop 7). Each write does
/// exactly what it does in a transaction of its own and sees what the earlier writes of the group stored;
/// the group lands whole or not at all. Valid only inside `ArchiveStore.writeGroup`'s body, on its thread.
public protocol ArchiveTransaction {
    func apply(_ batch: SourceBatch, refreshID: Int64, at now: Date) throws -> SourceOutcome
    @discardableResult
    func recordAttempt(_ attempt: SourceAttempt, nextAttempt: (_ consecutiveFailures: Int) -> Date) throws -> SourceHealth
    func storeHTTPValidators(_ validators: HTTPValidators?, for url: String, at now: Date) throws
}

/// How many matches a search ranks at most (`Archive.rankedMatches` says why).
public let searchRankedMatches = 2_000

extension ArchiveStore {
    public func latestArticles(_ scope: FeedScope, limit: Int) throws(StoreError) -> [Article] {
        try latestArticles(scope, limit: limit, onePerStory: false)
    }

    public func changes(after id: Int64 = 0, since: Date? = nil, limit: Int = 10_000) throws(StoreError) -> [ChangeEvent] {
        try changes(after: id, since: since, limit: limit)
    }

    public func frontPage(limit: Int) throws(StoreError) -> [StoryCard] { try frontPage(limit: limit, offset: 0) }
    public func story(_ id: String) throws(StoreError) -> [Article] { try story(id, limit: 200) }
    public func storyMembers(_ story: String, except articleID: String) throws(StoreError) -> [Article] {
        try storyMembers(story, except: articleID, limit: 20)
    }
    public func recentErrors(of sourceID: String) throws(StoreError) -> [SourceErrors] { try recentErrors(of: sourceID, limit: 5) }

    public func search(_ query: SearchQuery, since: Date? = nil, limit: Int = 20, offset: Int = 0,
                       timeLimit: Duration = .seconds(2)) throws(StoreError) -> [SearchHit] {
        try search(query, since: since, limit: limit, offset: offset, timeLimit: timeLimit, rankedMatches: searchRankedMatches)
    }

    /// Every article, in id order, read a page at a time (of one source when given).
    public func forEachArticle(source: String? = nil, _ body: (Article) throws -> Void) throws(StoreError) {
        var after = ""
        while true {
            let page = try articles(source: source, after: after, limit: 500)
            for article in page {
                do {
                    try body(article)
                } catch let error as StoreError {
                    throw error
                } catch {
                    throw .query(path: location, reason: "\(error)")
                }
            }
            guard let last = page.last, page.count == 500 else { return }
            after = last.id
        }
    }

    /// The newest articles of a scope that `keep` accepts, looking at no more than `window` of them.
    public func latestArticles(_ scope: FeedScope, limit: Int, onePerStory: Bool, window: Int,
                               where keep: (Article) -> Bool) throws(StoreError) -> [Article] {
        var found: [Article] = []
        var cursor: FeedCursor?
        var seen = 0
        repeat {
            let page = try latestArticles(scope, limit: min(250, window - seen), onePerStory: onePerStory, after: cursor)
            seen += page.articles.count
            for article in page.articles where keep(article) {
                found.append(article)
                if found.count == limit { return found }
            }
            cursor = page.next
        } while cursor != nil && seen < window
        return found
    }
}
