import Foundation
public import Model
import PostgresNIO

extension PostgresArchive {
    /// A page of a scope's current articles, newest first, after `cursor` (Archive+Window.swift).
    public func latestArticles(_ scope: FeedScope, limit: Int, onePerStory: Bool,
                               after cursor: FeedCursor?) throws(StoreError) -> (articles: [Article], next: FeedCursor?) {
        let time = cursor?.feedTime ?? .infinity
        let id = cursor?.id ?? ""
        return try read { session in
            let (sql, binds) = Self.feedQuery(scope, columns: "*", onePerStory: onePerStory, limit: limit, after: (time, id))
            var articles: [Article] = []
            var next: FeedCursor?
            for row in try session.query(sql, binds) {
                let article = try Article(postgres: row)
                articles.append(article)
                next = FeedCursor(feedTime: try row.required("feed_time", as: Double.self), id: article.id)
            }
            return (articles, articles.count < limit ? nil : next)
        }
    }

    /// The newest `limit` current articles of a scope without their HTML (`contentHTML` is empty).
    public func filterCandidates(_ scope: FeedScope, limit: Int, onePerStory: Bool) throws(StoreError) -> [Article] {
        try read { session in
            let (sql, binds) = Self.feedQuery(scope, columns: Self.candidateColumns, onePerStory: onePerStory, limit: limit)
            return try session.query(sql, binds).map(Article.init(postgres:))
        }
    }

    /// The same candidates in feed order, each shown to `prefilter` (its title and text as UTF-8) before it
    /// becomes an article, and kept when `keep` accepts it, up to `wanted`. The rows come in pages, so a
    /// filter satisfied early reads no further than its answer needs.
    public func filterCandidates(_ scope: FeedScope, limit: Int, onePerStory: Bool, wanted: Int,
                                 prefilter: (_ title: UnsafeBufferPointer<UInt8>, _ text: UnsafeBufferPointer<UInt8>) -> Bool,
                                 keeping keep: (Article) -> Bool) throws(StoreError) -> [Article] {
        guard wanted > 0 else { return [] }
        return try read { session in
            var kept: [Article] = []
            var after: (Double, String) = (.infinity, "")
            var remaining = limit
            while remaining > 0 {
                let page = min(remaining, Self.candidatePage)
                let (sql, binds) = Self.feedQuery(scope, columns: Self.candidateColumns + ", feed_time AS cursor_time",
                                                  onePerStory: onePerStory, limit: page, after: after)
                let rows = try session.query(sql, binds)
                for row in rows {
                    let columns = PostgresFields(row)
                    var title: String = try columns.required("title")
                    var text: String = try columns.required("content_text")
                    let passes = title.withUTF8 { title in text.withUTF8 { text in prefilter(title, text) } }
                    guard passes else { continue }
                    let article = try Article(postgres: row)
                    guard keep(article) else { continue }
                    kept.append(article)
                    if kept.count == wanted { return kept }
                }
                guard rows.count == page, let last = rows.last else { break }
                after = (try last.required("cursor_time", as: Double.self), try last.required("id", as: String.self))
                remaining -= page
            }
            return kept
        }
    }

    static let candidatePage = 256

    /// A scope's current articles newest first (feed time, then id), after the (time, id) cursor.
    static func feedQuery(_ scope: FeedScope, columns: String, onePerStory: Bool, limit: Int,
                          after cursor: (time: Double, id: String) = (.infinity, "")) -> (String, [PostgresBind]) {
        switch scope {
        case .all:
            ("""
                SELECT \(columns) FROM articles
                WHERE removed IS NULL \(onePerStory ? "AND story_lead = 1" : "")
                  AND (feed_time < $1 OR (feed_time = $1 AND id > $2))
                ORDER BY feed_time DESC, id LIMIT $3
                """, [.double(cursor.time), .text(cursor.id), .int(Int64(limit))])
        case .category(let slug):
            ("""
                SELECT \(columns.split(separator: ",").map { Self.qualified(String($0)) }.joined(separator: ","))
                FROM article_categories c JOIN articles a ON a.id = c.article_id
                WHERE c.slug = $4 AND a.removed IS NULL AND (a.story_lead = 1 OR NOT $5)
                  AND (c.feed_time < $1 OR (c.feed_time = $1 AND c.article_id > $2))
                ORDER BY c.feed_time DESC, c.article_id LIMIT $3
                """, [.double(cursor.time), .text(cursor.id), .int(Int64(limit)), .text(slug), .bool(onePerStory)])
        case .source(let source):
            ("""
                SELECT \(columns) FROM articles WHERE source_id = $4 AND removed IS NULL
                  AND (feed_time < $1 OR (feed_time = $1 AND id > $2))
                ORDER BY feed_time DESC, id LIMIT $3
                """, [.double(cursor.time), .text(cursor.id), .int(Int64(limit)), .text(source)])
        }
    }

    /// A column of the list qualified by the articles' alias (`'' AS x` and `*` as they need).
    private static func qualified(_ column: String) -> String {
        let column = column.trimmingCharacters(in: .whitespacesAndNewlines)
        if column.hasPrefix("'") { return column }
        if column.hasPrefix("feed_time AS ") { return "c." + column }
        return "a." + column
    }

    static let candidateColumns = articleColumns(emptying: ["content_html"])

    /// An article's columns for a SELECT, the named ones read as empty text.
    static func articleColumns(emptying empty: Set<String>) -> String {
        ["id", "source_id", "item_id", "link", "title", "published", "published_offset", "first_seen", "updated", "outlet",
         "author", "categories", "tags", "image_url", "content_html", "content_text", "content_hash", "version", "removed",
         "story_id", "story_lead", "feed_time"].map { empty.contains($0) ? "'' AS \($0)" : $0 }.joined(separator: ", ")
    }
}
