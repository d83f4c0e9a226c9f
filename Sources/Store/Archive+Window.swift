import Foundation
import GRDB
import Model

/// Where a walk through a feed's articles stopped: the feed time and id of the last article returned.
public struct FeedCursor: Sendable, Hashable {
    public var feedTime: Double
    public var id: String
}

extension Archive {
    /// A page of a scope's current articles, newest first, after `cursor` (from the start when nil):
    /// the walk filtered and keyword feeds take through an archive, one index range per page.
    public func latestArticles(_ scope: FeedScope, limit: Int, onePerStory: Bool,
                               after cursor: FeedCursor?) throws(StoreError) -> (articles: [Article], next: FeedCursor?) {
        let time = cursor?.feedTime ?? .infinity
        let id = cursor?.id ?? ""
        return try read { db in
            let rows: [Row]
            switch scope {
            case .all:
                rows = try Row.fetchAll(db, sql: """
                    SELECT * FROM articles INDEXED BY \(onePerStory ? "articles_feed_leads" : "articles_feed")
                    WHERE removed IS NULL \(onePerStory ? "AND story_lead = 1" : "")
                      AND (feed_time < ? OR (feed_time = ? AND id > ?))
                    ORDER BY feed_time DESC, id LIMIT ?
                    """, arguments: [time, time, id, limit])
            case .category(let slug):
                rows = try Row.fetchAll(db, sql: """
                    SELECT a.* FROM article_categories c INDEXED BY article_categories_feed
                    JOIN articles a ON a.id = c.article_id
                    WHERE c.slug = ? AND a.removed IS NULL AND (a.story_lead = 1 OR ? = 0)
                      AND (c.feed_time < ? OR (c.feed_time = ? AND c.article_id > ?))
                    ORDER BY c.feed_time DESC, c.article_id LIMIT ?
                    """, arguments: [slug, onePerStory, time, time, id, limit])
            case .source(let source):
                rows = try Row.fetchAll(db, sql: """
                    SELECT * FROM articles INDEXED BY articles_source_feed WHERE source_id = ? AND removed IS NULL
                      AND (feed_time < ? OR (feed_time = ? AND id > ?))
                    ORDER BY feed_time DESC, id LIMIT ?
                    """, arguments: [source, time, time, id, limit])
            }
            let articles = try rows.map(Article.init(row:))
            let next = rows.last.map { FeedCursor(feedTime: $0["feed_time"], id: $0["id"]) }
            return (articles, rows.count < limit ? nil : next)
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

    /// The newest `limit` current articles of a scope without their HTML (`contentHTML` is empty): what a
    /// filter looks at, at a fraction of the bytes. `contentHTML(of:)` fills in the few that are shown.
    public func filterCandidates(_ scope: FeedScope, limit: Int, onePerStory: Bool) throws(StoreError) -> [Article] {
        try read { db in
            let (sql, arguments) = Self.candidateQuery(scope, limit: limit, onePerStory: onePerStory)
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Article.init(row:))
        }
    }

    /// The same candidates read one at a time, in feed order, and only those `keep` accepts kept, up to
    /// `wanted`: a filtered request that finds no candidates in memory reads no further than its answer
    /// needs, and holds no more than it returns.
    public func filterCandidates(_ scope: FeedScope, limit: Int, onePerStory: Bool, wanted: Int,
                                 keeping keep: (Article) -> Bool) throws(StoreError) -> [Article] {
        guard wanted > 0 else { return [] }
        return try read { db in
            let (sql, arguments) = Self.candidateQuery(scope, limit: limit, onePerStory: onePerStory)
            var kept: [Article] = []
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                let article = try Article(row: row)
                guard keep(article) else { continue }
                kept.append(article)
                if kept.count == wanted { break }
            }
            return kept
        }
    }

    static func candidateQuery(_ scope: FeedScope, limit: Int, onePerStory: Bool) -> (String, StatementArguments) {
        switch scope {
        case .all:
            ("""
                SELECT \(candidateColumns("")) FROM articles
                INDEXED BY \(onePerStory ? "articles_feed_leads" : "articles_feed")
                WHERE removed IS NULL \(onePerStory ? "AND story_lead = 1" : "")
                ORDER BY feed_time DESC, id LIMIT ?
                """, [limit])
        case .category(let slug):
            ("""
                SELECT \(candidateColumns("a.")) FROM article_categories c INDEXED BY article_categories_feed
                JOIN articles a ON a.id = c.article_id
                WHERE c.slug = ? AND a.removed IS NULL AND (a.story_lead = 1 OR ? = 0)
                ORDER BY c.feed_time DESC, c.article_id LIMIT ?
                """, [slug, onePerStory, limit])
        case .source(let id):
            ("""
                SELECT \(candidateColumns("")) FROM articles INDEXED BY articles_source_feed
                WHERE source_id = ? AND removed IS NULL
                ORDER BY feed_time DESC, id LIMIT ?
                """, [id, limit])
        }
    }

    /// The stored HTML of the given articles, by id.
    public func contentHTML(of ids: [String]) throws(StoreError) -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        return try read { db in
            var result: [String: String] = [:]
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
            for row in try Row.fetchAll(db, sql: "SELECT id, content_html FROM articles WHERE id IN (\(marks))",
                                        arguments: StatementArguments(ids)) {
                result[row["id"]] = row["content_html"]
            }
            return result
        }
    }

    static func candidateColumns(_ prefix: String) -> String {
        ["id", "source_id", "item_id", "link", "title", "published", "published_offset", "first_seen", "updated", "outlet",
         "author", "categories", "tags", "image_url", "content_text", "content_hash", "version", "removed", "story_id",
         "story_lead"].map { prefix + $0 }.joined(separator: ", ") + ", '' AS content_html"
    }
}
