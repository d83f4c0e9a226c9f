import Foundation
public import Model
import PostgresNIO

// The reading side of the PostgreSQL archive: each operation returns what `Archive`'s (Archive+Reading.swift)
// returns for the same stored rows, in the same order. SQLite compares text byte by byte; a PostgreSQL
// database may collate by a locale, so what is listed in text order says `COLLATE "C"` (byte order).
// Article ids are lowercase hex (`Article.stableID`), which every collation orders alike, so the feeds'
// tiebreaks and cursors use their indexes as they are.
extension PostgresArchive {
    public func latestArticles(_ scope: FeedScope, limit: Int, onePerStory: Bool) throws(StoreError) -> [Article] {
        try latestArticles(scope, limit: limit, onePerStory: onePerStory, after: nil).articles
    }

    /// Categories that have at least one current article, by slug.
    public func categories() throws(StoreError) -> [Category] {
        try read { session in
            try session.query("""
                SELECT slug, name FROM (
                    SELECT DISTINCT ON (c.slug) c.slug, c.name FROM article_categories c
                    WHERE EXISTS (SELECT 1 FROM article_categories k JOIN articles a ON a.id = k.article_id
                                  WHERE k.slug = c.slug AND a.removed IS NULL)
                    ORDER BY c.slug, c.article_id) current
                ORDER BY slug COLLATE "C"
                """).map { row in
                let columns = PostgresFields(row)
                return Category(slug: try columns.required("slug"), name: try columns.required("name"))
            }
        }
    }

    public func sourceIDs() throws(StoreError) -> [String] {
        try read { session in try session.query("SELECT id FROM sources ORDER BY id COLLATE \"C\"").map { try $0.required("id", as: String.self) } }
    }

    public func article(id: String) throws(StoreError) -> Article? {
        try read { session in try session.query("SELECT * FROM articles WHERE id = $1", [.text(id)]).first.map(Article.init(postgres:)) }
    }

    /// Every article, removed ones too, in id order after `id`.
    public func articles(source: String?, after id: String, limit: Int) throws(StoreError) -> [Article] {
        try read { session in
            try session.query("""
                SELECT * FROM articles WHERE id > $1 AND ($2::text IS NULL OR source_id = $2) ORDER BY id LIMIT $3
                """, [.text(id), .text(source), .int(Int64(limit))]).map(Article.init(postgres:))
        }
    }

    public func articleCount() throws(StoreError) -> Int {
        try read { session in Int(try session.query("SELECT COUNT(*) AS n FROM articles").first?.required("n", as: Int64.self) ?? 0) }
    }

    /// Distinct stories among current articles: an article the dedup stage has not grouped is its own story.
    public func storyCount() throws(StoreError) -> Int {
        try read { session in
            Int(try session.query("SELECT COUNT(DISTINCT COALESCE(story_id, id)) AS n FROM articles WHERE removed IS NULL")
                .first?.required("n", as: Int64.self) ?? 0)
        }
    }

    /// Change events after the given event id, oldest first.
    public func changes(after id: Int64, since: Date?, limit: Int) throws(StoreError) -> [ChangeEvent] {
        try read { session in
            try session.query("SELECT * FROM change_events WHERE id > $1 AND at >= $2 ORDER BY id LIMIT $3",
                              [.int(id), .double(since?.timeIntervalSince1970 ?? 0), .int(Int64(limit))])
                .map(ChangeEvent.init(postgres:))
        }
    }

    /// The newest change events, newest first.
    public func latestChanges(limit: Int) throws(StoreError) -> [ChangeEvent] {
        try read { session in
            try session.query("SELECT * FROM change_events ORDER BY id DESC LIMIT $1", [.int(Int64(limit))])
                .map(ChangeEvent.init(postgres:))
        }
    }

    public func revisions(of articleID: String) throws(StoreError) -> [(version: Int, title: String, summary: String, trivial: Bool)] {
        try read { session in
            try session.query("SELECT version, title, diff_summary, trivial FROM revisions WHERE article_id = $1 ORDER BY version",
                              [.text(articleID)]).map { row -> (version: Int, title: String, summary: String, trivial: Bool) in
                let columns = PostgresFields(row)
                return (try columns.int("version"), try columns.required("title"), try columns.required("diff_summary"),
                        try columns.int("trivial") != 0)
            }
        }
    }

    /// The stored HTML of the given articles, by id.
    public func contentHTML(of ids: [String]) throws(StoreError) -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        return try read { session in
            var result: [String: String] = [:]
            for row in try session.query("SELECT id, content_html FROM articles WHERE id = ANY($1)", [.texts(ids)]) {
                let columns = PostgresFields(row)
                result[try columns.required("id")] = try columns.required("content_html")
            }
            return result
        }
    }
}
