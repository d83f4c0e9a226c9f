import Foundation
public import Model

// Operations not yet written for PostgreSQL: each fails with a message naming it. Removed one by one as
// PostgresArchive+*.swift implements them; empty when issue 16 is done.
extension PostgresArchive {
    public func latestArticles(_ scope: FeedScope, limit: Int, onePerStory: Bool) throws(StoreError) -> [Article] {
        throw .query(path: location, reason: "latestArticles is not written for PostgreSQL yet")
    }
    public func latestArticles(_ scope: FeedScope, limit: Int, onePerStory: Bool,
                            after cursor: FeedCursor?) throws(StoreError) -> (articles: [Article], next: FeedCursor?) {
        throw .query(path: location, reason: "latestArticles is not written for PostgreSQL yet")
    }
    public func filterCandidates(_ scope: FeedScope, limit: Int, onePerStory: Bool) throws(StoreError) -> [Article] {
        throw .query(path: location, reason: "filterCandidates is not written for PostgreSQL yet")
    }
    public func filterCandidates(_ scope: FeedScope, limit: Int, onePerStory: Bool, wanted: Int,
                              prefilter: (_ title: UnsafeBufferPointer<UInt8>, _ text: UnsafeBufferPointer<UInt8>) -> Bool,
                              keeping keep: (Article) -> Bool) throws(StoreError) -> [Article] {
        throw .query(path: location, reason: "filterCandidates is not written for PostgreSQL yet")
    }
    public func contentHTML(of ids: [String]) throws(StoreError) -> [String: String] {
        throw .query(path: location, reason: "contentHTML is not written for PostgreSQL yet")
    }
    public func categories() throws(StoreError) -> [Category] {
        throw .query(path: location, reason: "categories is not written for PostgreSQL yet")
    }
    public func sourceIDs() throws(StoreError) -> [String] {
        throw .query(path: location, reason: "sourceIDs is not written for PostgreSQL yet")
    }
    public func article(id: String) throws(StoreError) -> Article? {
        throw .query(path: location, reason: "article is not written for PostgreSQL yet")
    }
    public func articles(source: String?, after id: String, limit: Int) throws(StoreError) -> [Article] {
        throw .query(path: location, reason: "articles is not written for PostgreSQL yet")
    }
    public func articleCount() throws(StoreError) -> Int {
        throw .query(path: location, reason: "articleCount is not written for PostgreSQL yet")
    }
    public func storyCount() throws(StoreError) -> Int {
        throw .query(path: location, reason: "storyCount is not written for PostgreSQL yet")
    }
    public func changes(after id: Int64, since: Date?, limit: Int) throws(StoreError) -> [ChangeEvent] {
        throw .query(path: location, reason: "changes is not written for PostgreSQL yet")
    }
    public func latestChanges(limit: Int) throws(StoreError) -> [ChangeEvent] {
        throw .query(path: location, reason: "latestChanges is not written for PostgreSQL yet")
    }
    public func revisions(of articleID: String) throws(StoreError) -> [(version: Int, title: String, summary: String, trivial: Bool)] {
        throw .query(path: location, reason: "revisions is not written for PostgreSQL yet")
    }
    public func frontPage(limit: Int, offset: Int) throws(StoreError) -> [StoryCard] {
        throw .query(path: location, reason: "frontPage is not written for PostgreSQL yet")
    }
    public func story(_ id: String, limit: Int) throws(StoreError) -> [Article] {
        throw .query(path: location, reason: "story is not written for PostgreSQL yet")
    }
    public func storyMembers(_ story: String, except articleID: String, limit: Int) throws(StoreError) -> [Article] {
        throw .query(path: location, reason: "storyMembers is not written for PostgreSQL yet")
    }
    public func storyScopes(_ story: String) throws(StoreError) -> (categories: Set<String>, sources: Set<String>) {
        throw .query(path: location, reason: "storyScopes is not written for PostgreSQL yet")
    }
    public func versions(of articleID: String) throws(StoreError) -> [ArticleVersion] {
        throw .query(path: location, reason: "versions is not written for PostgreSQL yet")
    }
    public func recentErrors(of sourceID: String, limit: Int) throws(StoreError) -> [SourceErrors] {
        throw .query(path: location, reason: "recentErrors is not written for PostgreSQL yet")
    }
    public func search(_ query: SearchQuery, since: Date?, limit: Int, offset: Int,
                    timeLimit: Duration, rankedMatches: Int) throws(StoreError) -> [SearchHit] {
        throw .query(path: location, reason: "search is not written for PostgreSQL yet")
    }
}
