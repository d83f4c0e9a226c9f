import Foundation
import GRDB
import GRDBSQLite
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
            let statement: Statement
            let arguments: StatementArguments
            switch scope {
            case .all:
                statement = try db.cachedStatement(sql: """
                    SELECT * FROM articles INDEXED BY \(onePerStory ? "articles_feed_leads" : "articles_feed")
                    WHERE removed IS NULL \(onePerStory ? "AND story_lead = 1" : "")
                      AND (feed_time < ? OR (feed_time = ? AND id > ?))
                    ORDER BY feed_time DESC, id LIMIT ?
                    """)
                arguments = [time, time, id, limit]
            case .category(let slug):
                statement = try db.cachedStatement(sql: """
                    SELECT a.* FROM article_categories c INDEXED BY article_categories_feed
                    JOIN articles a ON a.id = c.article_id
                    WHERE c.slug = ? AND a.removed IS NULL AND (a.story_lead = 1 OR ? = 0)
                      AND (c.feed_time < ? OR (c.feed_time = ? AND c.article_id > ?))
                    ORDER BY c.feed_time DESC, c.article_id LIMIT ?
                    """)
                arguments = [slug, onePerStory, time, time, id, limit]
            case .source(let source):
                statement = try db.cachedStatement(sql: """
                    SELECT * FROM articles INDEXED BY articles_source_feed WHERE source_id = ? AND removed IS NULL
                      AND (feed_time < ? OR (feed_time = ? AND id > ?))
                    ORDER BY feed_time DESC, id LIMIT ?
                    """)
                arguments = [source, time, time, id, limit]
            }
            guard let feedTime = statement.columnNames.firstIndex(of: "feed_time") else {
                throw ArticleColumns.MissingColumn(name: "feed_time")
            }
            var articles: [Article] = []
            var next: FeedCursor?
            try Article.forEach(statement, arguments: arguments) { article, row in
                articles.append(article)
                next = FeedCursor(feedTime: row[feedTime], id: article.id)
                return true
            }
            return (articles, articles.count < limit ? nil : next)
        }
    }

    /// The newest `limit` current articles of a scope without their HTML (`contentHTML` is empty): what a
    /// filter looks at, at a fraction of the bytes. `contentHTML(of:)` fills in the few that are shown.
    public func filterCandidates(_ scope: FeedScope, limit: Int, onePerStory: Bool) throws(StoreError) -> [Article] {
        try read { db in
            let (sql, arguments) = Self.candidateQuery(scope, limit: limit, onePerStory: onePerStory)
            return try Article.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
        }
    }

    /// The same candidates read one at a time, in feed order, and only those `keep` accepts kept, up to
    /// `wanted`: a filtered request that finds no candidates in memory reads no further than its answer
    /// needs, and holds no more than it returns. `prefilter` sees each row's title and text as SQLite
    /// holds them, before the row becomes an `Article`; a row it refuses is skipped, so a filter that
    /// keeps few of a thousand candidates does not make a thousand articles to throw away.
    public func filterCandidates(_ scope: FeedScope, limit: Int, onePerStory: Bool, wanted: Int,
                                 prefilter: (_ title: UnsafeBufferPointer<UInt8>, _ text: UnsafeBufferPointer<UInt8>) -> Bool,
                                 keeping keep: (Article) -> Bool) throws(StoreError) -> [Article] {
        guard wanted > 0 else { return [] }
        return try read { db in
            let (sql, arguments) = Self.candidateQuery(scope, limit: limit, onePerStory: onePerStory)
            let statement = try db.cachedStatement(sql: sql)
            let columns = try ArticleColumns(statement)
            var kept: [Article] = []
            let rows = try Row.fetchCursor(statement, arguments: arguments)
            while let row = try rows.next() {
                let passes = Self.withText(of: statement, column: columns.title) { title in
                    Self.withText(of: statement, column: columns.contentText) { text in prefilter(title, text) }
                }
                guard passes else { continue }
                let article = try columns.article(row)
                guard keep(article) else { continue }
                kept.append(article)
                if kept.count == wanted { break }
            }
            return kept
        }
    }

    /// A text column of the statement's current row, in place (NULL reads as empty).
    private static func withText<T>(of statement: Statement, column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        // sqlite3_column_bytes must follow sqlite3_column_text: the text conversion may change the size.
        let start = sqlite3_column_text(statement.sqliteStatement, Int32(column))
        let count = Int(sqlite3_column_bytes(statement.sqliteStatement, Int32(column)))
        return body(UnsafeBufferPointer(start: start, count: start == nil ? 0 : count))
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

    static func candidateColumns(_ prefix: String) -> String { articleColumns(prefix, emptying: ["content_html"]) }

    /// An article's columns for a SELECT, the named ones read as empty text: large columns a reader does
    /// not need cost their pages (and, past the first, every overflow page before them).
    static func articleColumns(_ prefix: String = "", emptying empty: Set<String>) -> String {
        ["id", "source_id", "item_id", "link", "title", "published", "published_offset", "first_seen", "updated", "outlet",
         "author", "categories", "tags", "image_url", "content_html", "content_text", "content_hash", "version", "removed",
         "story_id", "story_lead"].map { empty.contains($0) ? "'' AS \($0)" : prefix + $0 }.joined(separator: ", ")
    }
}
