import Foundation
import GRDB
import Model

/// Which articles a feed shows.
public enum FeedScope: Sendable, Hashable {
    case all
    case category(String)
    case source(String)
}

extension Archive {
    /// The newest `limit` articles still listed by their sources, newest first. Every scope walks an
    /// index on the feed time, so the cost follows the feed's size, not the archive's.
    /// With `onePerStory`, a story of reprints shows once, as its first published member; per-source
    /// feeds always show everything the source published.
    public func latestArticles(_ scope: FeedScope, limit: Int, onePerStory: Bool) throws(StoreError) -> [Article] {
        try read { db in
            let articles: [Article]
            switch scope {
            case .all where onePerStory:
                articles = try Article.fetchAll(db.cachedStatement(sql: """
                    SELECT * FROM articles INDEXED BY articles_feed_leads WHERE removed IS NULL AND story_lead = 1
                    ORDER BY feed_time DESC, id LIMIT ?
                    """), arguments: [limit])
            case .all:
                articles = try Article.fetchAll(db.cachedStatement(sql: """
                    SELECT * FROM articles INDEXED BY articles_feed WHERE removed IS NULL
                    ORDER BY feed_time DESC, id LIMIT ?
                    """), arguments: [limit])
            case .category(let slug):
                articles = try Article.fetchAll(db.cachedStatement(sql: """
                    SELECT a.* FROM article_categories c INDEXED BY article_categories_feed
                    JOIN articles a ON a.id = c.article_id
                    WHERE c.slug = ? AND a.removed IS NULL AND (a.story_lead = 1 OR ? = 0)
                    ORDER BY c.feed_time DESC, c.article_id LIMIT ?
                    """), arguments: [slug, onePerStory, limit])
            case .source(let id):
                articles = try Article.fetchAll(db.cachedStatement(sql: """
                    SELECT * FROM articles INDEXED BY articles_source_feed WHERE source_id = ? AND removed IS NULL
                    ORDER BY feed_time DESC, id LIMIT ?
                    """), arguments: [id, limit])
            }
            return articles
        }
    }

    /// Categories that have at least one current article, by slug. The slugs are found by skipping
    /// through the index one slug at a time, so the cost follows the number of categories, not of
    /// articles.
    public func categories() throws(StoreError) -> [Category] {
        try read { db in
            try Row.fetchAll(db, sql: """
                WITH RECURSIVE slugs(slug) AS (
                    SELECT MIN(slug) FROM article_categories
                    UNION ALL
                    SELECT (SELECT MIN(slug) FROM article_categories WHERE slug > slugs.slug) FROM slugs WHERE slug IS NOT NULL
                )
                SELECT slugs.slug, (SELECT name FROM article_categories WHERE slug = slugs.slug LIMIT 1) AS name
                FROM slugs
                WHERE slugs.slug IS NOT NULL AND EXISTS (
                    SELECT 1 FROM article_categories c JOIN articles a ON a.id = c.article_id
                    WHERE c.slug = slugs.slug AND a.removed IS NULL)
                ORDER BY slugs.slug
                """).map { Category(slug: $0["slug"], name: $0["name"]) }
        }
    }

    /// Origin → stamp for the current articles of a source, for adapters that skip unchanged origins.
    public func originStamps(source: String) throws(StoreError) -> [String: String] {
        try read { db in
            var stamps: [String: String] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT origin, origin_stamp FROM articles
                WHERE source_id = ? AND removed IS NULL AND origin IS NOT NULL AND origin_stamp IS NOT NULL
                """, arguments: [source])
            while let row = try rows.next() { stamps[row["origin"]] = row["origin_stamp"] }
            return stamps
        }
    }

    public func sourceIDs() throws(StoreError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT id FROM sources ORDER BY id") }
    }

    public func article(id: String) throws(StoreError) -> Article? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM articles WHERE id = ?"),
                arguments: [id]).map(Article.init(row:))
        }
    }

    /// Every article, removed ones too, in id order after `id`: `forEachArticle`'s pages.
    public func articles(source: String?, after id: String, limit: Int) throws(StoreError) -> [Article] {
        try read { db in
            try Article.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM articles WHERE id > ? AND (? IS NULL OR source_id = ?) ORDER BY id LIMIT ?
                """), arguments: [id, source, source, limit])
        }
    }

    public func articleCount() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM articles") ?? 0 }
    }

    /// Change events after the given event id, oldest first.
    public func changes(after id: Int64, since: Date?, limit: Int) throws(StoreError) -> [ChangeEvent] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM change_events WHERE id > ? AND at >= ? ORDER BY id LIMIT ?
                """), arguments: [id, since?.timeIntervalSince1970 ?? 0, limit]).map(ChangeEvent.init(row:))
        }
    }

    /// The newest change events, newest first.
    public func latestChanges(limit: Int) throws(StoreError) -> [ChangeEvent] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM change_events ORDER BY id DESC LIMIT ?"),
                arguments: [limit])
                .map(ChangeEvent.init(row:))
        }
    }

    public func revisions(of articleID: String) throws(StoreError) -> [(version: Int, title: String, summary: String, trivial: Bool)] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM revisions WHERE article_id = ? ORDER BY version"),
                arguments: [articleID])
                .map { ($0["version"], $0["title"], $0["diff_summary"], $0["trivial"]) }
        }
    }
}
