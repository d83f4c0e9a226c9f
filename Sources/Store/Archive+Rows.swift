import Foundation
import GRDB
import Model
import Synchronization

extension Archive {
    /// Returns the new row's rowid.
    @discardableResult
    func insert(_ article: PreparedArticle, id: String, sourceID: String, hash: String, now: Date, db: Database) throws -> Int64 {
        let feedTime = article.published?.date.timeIntervalSince1970 ?? now.timeIntervalSince1970
        try db.cachedStatement(sql: """
            INSERT INTO articles (id, source_id, item_id, origin, link, title, published, published_offset,
                first_seen, updated, feed_time, outlet, author, categories, tags, image_url, content_html,
                content_text, content_hash, origin_stamp)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                id, sourceID, article.itemID, article.origin, article.link, article.title,
                article.published?.date.timeIntervalSince1970, article.published?.utcOffset,
                now.timeIntervalSince1970, now.timeIntervalSince1970, feedTime, article.outlet, article.author,
                try Self.json(article.categories), try Self.json(article.tags), article.imageURL, article.contentHTML,
                article.contentText, hash, article.originStamp,
            ])
        let rowID = db.lastInsertedRowID
        try indexNewArticle(article, rowID: rowID, db: db)
        try replaceCategories(of: id, with: article.categories, feedTime: feedTime, replacing: false, db: db)
        return rowID
    }

    /// `bumpUpdated` is false for trivial edits: they are kept as revisions but readers are not told.
    func update(_ id: String, with article: PreparedArticle, hash: String, now: Date, bumpUpdated: Bool, db: Database) throws {
        try reindexArticle(id, with: article, db: db)
        let firstSeen = try Double.fetchOne(db.cachedStatement(sql: "SELECT first_seen FROM articles WHERE id = ?"),
            arguments: [id]) ?? now.timeIntervalSince1970
        let feedTime = article.published?.date.timeIntervalSince1970 ?? firstSeen
        try db.cachedStatement(sql: """
            UPDATE articles SET origin = ?, link = ?, title = ?, published = ?, published_offset = ?,
                updated = CASE WHEN ? THEN ? ELSE updated END,
                feed_time = ?, outlet = ?, author = ?, categories = ?, tags = ?, image_url = ?, content_html = ?,
                content_text = ?, content_hash = ?, origin_stamp = ?, version = version + 1, removed = NULL
            WHERE id = ?
            """).execute(arguments: [
                article.origin, article.link, article.title, article.published?.date.timeIntervalSince1970,
                article.published?.utcOffset, bumpUpdated, now.timeIntervalSince1970, feedTime, article.outlet, article.author,
                try Self.json(article.categories), try Self.json(article.tags), article.imageURL, article.contentHTML,
                article.contentText, hash, article.originStamp, id,
            ])
        try replaceCategories(of: id, with: article.categories, feedTime: feedTime, db: db)
    }

    func keepRevision(of row: Row, summary: RevisionSummary, now: Date, db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO revisions (article_id, version, title, link, published, published_offset, outlet, author,
                content_html, content_text, content_hash, replaced, diff_summary, trivial)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                row["id"] as String, row["version"] as Int, row["title"] as String, row["link"] as String?,
                row["published"] as Double?, row["published_offset"] as Int?, row["outlet"] as String?,
                row["author"] as String?, row["content_html"] as String, row["content_text"] as String,
                row["content_hash"] as String, now.timeIntervalSince1970, summary.text, summary.trivial,
            ])
    }

    func recordEvent(_ kind: ChangeKind, articleID: String, sourceID: String, article: PreparedArticle, detail: String?,
                     refreshID: Int64, now: Date, db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO change_events (refresh_id, at, kind, article_id, source_id, title, link, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [refreshID, now.timeIntervalSince1970, kind.rawValue, articleID, sourceID, article.title,
                             article.link, detail])
    }

    /// `replacing` false: the article is new, so it has no categories to delete.
    private func replaceCategories(of id: String, with categories: [Category], feedTime: Double, replacing: Bool = true,
                                   db: Database) throws {
        if replacing {
            try db.cachedStatement(sql: "DELETE FROM article_categories WHERE article_id = ?").execute(arguments: [id])
        }
        for category in categories {
            try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO article_categories (slug, article_id, name, feed_time) VALUES (?, ?, ?, ?)
                """).execute(arguments: [category.slug, id, category.name, feedTime])
        }
    }

    /// A list as its JSON column; the empty list (most articles' categories and tags) without the encoder.
    /// Keys sorted: the encoder's key order otherwise varies from one call to the next, so the same
    /// categories would be stored as different texts (and miss `DecodedLists`' cache).
    static func json<T: Encodable>(_ list: [T]) throws -> String {
        guard !list.isEmpty else { return "[]" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(list), as: UTF8.self)
    }
}

extension Article {
    /// One row, any column order: the positions are looked up for this row alone (`ArticleColumns`).
    init(row: Row) throws {
        self = try ArticleColumns(Array(row.columnNames)).article(row)
    }
}

extension ChangeEvent {
    init(row: Row) {
        self.init(id: row["id"], refreshID: row["refresh_id"], at: Date(timeIntervalSince1970: row["at"]),
                  kind: ChangeKind(rawValue: row["kind"]) ?? .updated, articleID: row["article_id"],
                  sourceID: row["source_id"], title: row["title"], link: row["link"], detail: row["detail"])
    }
}

/// The JSON lists of categories and tags repeat from row to row (a site has a few dozen categories), and
/// decoding them was most of the cost of reading many articles at once (feeds, filtered requests): each
/// distinct text is decoded once.
enum DecodedLists {
    private static let categoryCache = Mutex<[String: [Category]]>([:])
    private static let tagCache = Mutex<[String: [String]]>([:])
    static let capacity = 4096

    static func categories(_ json: String) throws -> [Category] {
        if let hit = categoryCache.withLock({ $0[json] }) { return hit }
        let decoded = try JSONDecoder().decode([Category].self, from: Data(json.utf8))
        categoryCache.withLock { cache in
            if cache.count >= capacity { cache.removeAll() }
            cache[json] = decoded
        }
        return decoded
    }

    static func tags(_ json: String) throws -> [String] {
        if json == "[]" { return [] }
        if let hit = tagCache.withLock({ $0[json] }) { return hit }
        let decoded = try JSONDecoder().decode([String].self, from: Data(json.utf8))
        tagCache.withLock { cache in
            if cache.count >= capacity { cache.removeAll() }
            cache[json] = decoded
        }
        return decoded
    }
}
