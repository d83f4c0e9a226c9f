import Dedup
import Foundation
import Model

// The PostgreSQL rows of one article's write (`Archive+Rows.swift` on SQLite).
extension PostgresArchive {
    /// Stores a new article and its `new` event, files its band keys and ranks its near-duplicate
    /// candidates, in one statement (each statement is a round trip to the server, and most articles a
    /// refresh writes are new). The ranking is `PostgresBandTable`'s, over the bands stored before this
    /// article's (a statement does not see its own inserts, and an article is never its own candidate).
    /// Returns the new row's `row_id` (SQLite's rowid: band and search rows name the article by it) and
    /// the ranking, nil when the article is too short to compare.
    func insertNew(_ article: PreparedArticle, id: String, sourceID: String, hash: String, refreshID: Int64, now: Date,
                   session: PostgresSession) throws -> (rowID: Int64, ranking: BandRanking?) {
        let feedTime = article.published?.date.timeIntervalSince1970 ?? now.timeIntervalSince1970
        let fingerprint = article.fingerprint
        let keys = fingerprint.isMatchable ? fingerprint.bandKeys : []
        let categories = Self.firstOfEachSlug(article.categories)
        guard let row = try session.query("""
            WITH inserted AS (
                INSERT INTO articles (id, source_id, item_id, origin, link, title, published, published_offset,
                    first_seen, updated, feed_time, outlet, author, categories, tags, image_url, content_html,
                    content_text, content_hash, origin_stamp)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
                RETURNING row_id
            ), event AS (
                INSERT INTO change_events (refresh_id, at, kind, article_id, source_id, title, link, detail)
                SELECT $21, $9, 'new', $1, $2, $6, $5, NULL FROM inserted
            ), bands AS (
                INSERT INTO dedup_bands (key, article)
                SELECT band.key, inserted.row_id FROM unnest($22::BIGINT[]) AS band(key), inserted
                ON CONFLICT DO NOTHING
            ), categories AS (
                INSERT INTO article_categories (slug, article_id, name, feed_time)
                SELECT category.slug, inserted_id.id, category.name, $11
                FROM unnest($25::TEXT[], $26::TEXT[]) AS category(slug, name), (SELECT $1::TEXT AS id FROM inserted) AS inserted_id
            ), ranked AS (
                \(PostgresBandTable.rankingSQL(keys: "$22", excluding: nil, depth: "$23", limit: "$24"))
            )
            SELECT (SELECT row_id FROM inserted) AS row_id,
                ARRAY(SELECT article FROM ranked ORDER BY shared DESC, article DESC) AS candidates,
                ARRAY(SELECT coalesce(a.content_hash, '') FROM ranked LEFT JOIN articles a ON a.row_id = ranked.article
                      ORDER BY ranked.shared DESC, ranked.article DESC) AS hashes
            """, [
                .text(id), .text(sourceID), .text(article.itemID), .text(article.origin), .text(article.link),
                .text(article.title), .double(article.published?.date.timeIntervalSince1970),
                .int(article.published.map { Int64($0.utcOffset) }), .double(now.timeIntervalSince1970),
                .double(now.timeIntervalSince1970), .double(feedTime), .text(article.outlet), .text(article.author),
                .text(try Archive.json(article.categories)), .text(try Archive.json(article.tags)), .text(article.imageURL),
                .text(article.contentHTML), .text(article.contentText), .text(hash), .text(article.originStamp),
                .int(refreshID), .ints(keys), .int(Int64(StoryMatcher.bandDepth)), .int(Int64(StoryMatcher.candidateLimit)),
                .texts(categories.map(\.slug)), .texts(categories.map(\.name)),
            ]).first else {
            throw PostgresStatementError(sql: "INSERT INTO articles", reason: "no row_id returned for article \(id)")
        }
        let fields = row.fields
        let rowID = try fields.int64("row_id")
        if maintainsSearchIndex { try indexNewArticle(article, rowID: rowID, session: session) }
        var ranking: BandRanking?
        if !keys.isEmpty {
            let candidates = try fields.required("candidates", as: [Int64].self)
            let hashes = try fields.required("hashes", as: [String].self)
            ranking = BandRanking(keys: keys, depth: StoryMatcher.bandDepth, limit: StoryMatcher.candidateLimit,
                                  candidates: candidates,
                                  hashes: Dictionary(zip(candidates, hashes).filter { !$0.1.isEmpty }) { first, _ in first })
        }
        return (rowID, ranking)
    }

    /// `bumpUpdated` is false for trivial edits: they are kept as revisions but readers are not told.
    func update(_ id: String, with article: PreparedArticle, hash: String, firstSeen: Double, now: Date, bumpUpdated: Bool,
                session: PostgresSession) throws {
        if maintainsSearchIndex { try reindexArticle(id, with: article, session: session) }
        let feedTime = article.published?.date.timeIntervalSince1970 ?? firstSeen
        try session.query("""
            UPDATE articles SET origin = $1, link = $2, title = $3, published = $4, published_offset = $5,
                updated = CASE WHEN $6 THEN $7 ELSE updated END,
                feed_time = $8, outlet = $9, author = $10, categories = $11, tags = $12, image_url = $13,
                content_html = $14, content_text = $15, content_hash = $16, origin_stamp = $17, version = version + 1,
                removed = NULL
            WHERE id = $18
            """, [
                .text(article.origin), .text(article.link), .text(article.title),
                .double(article.published?.date.timeIntervalSince1970), .int(article.published.map { Int64($0.utcOffset) }),
                .bool(bumpUpdated), .double(now.timeIntervalSince1970), .double(feedTime), .text(article.outlet),
                .text(article.author), .text(try Archive.json(article.categories)), .text(try Archive.json(article.tags)),
                .text(article.imageURL), .text(article.contentHTML), .text(article.contentText), .text(hash),
                .text(article.originStamp), .text(id),
            ])
        try replaceCategories(of: id, with: article.categories, feedTime: feedTime, session: session)
    }

    func keepRevision(of stored: StoredRevision, summary: RevisionSummary, now: Date, session: PostgresSession) throws {
        try session.query("""
            INSERT INTO revisions (article_id, version, title, link, published, published_offset, outlet, author,
                content_html, content_text, content_hash, replaced, diff_summary, trivial)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            """, [
                .text(stored.articleID), .int(stored.version), .text(stored.title), .text(stored.link),
                .double(stored.published), .int(stored.publishedOffset), .text(stored.outlet), .text(stored.author),
                .text(stored.contentHTML), .text(stored.contentText), .text(stored.contentHash),
                .double(now.timeIntervalSince1970), .text(summary.text), .int(summary.trivial ? 1 : 0),
            ])
    }

    func recordEvent(_ kind: ChangeKind, articleID: String, sourceID: String, article: PreparedArticle, detail: String?,
                     refreshID: Int64, now: Date, session: PostgresSession) throws {
        try session.query("""
            INSERT INTO change_events (refresh_id, at, kind, article_id, source_id, title, link, detail)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """, [.int(refreshID), .double(now.timeIntervalSince1970), .text(kind.rawValue), .text(articleID),
                  .text(sourceID), .text(article.title), .text(article.link), .text(detail)])
    }

    /// An edited article's categories: the old ones deleted, the new ones in one statement.
    private func replaceCategories(of id: String, with categories: [Category], feedTime: Double,
                                   session: PostgresSession) throws {
        try session.query("DELETE FROM article_categories WHERE article_id = $1", [.text(id)])
        let categories = Self.firstOfEachSlug(categories)
        guard !categories.isEmpty else { return }
        try session.query("""
            INSERT INTO article_categories (slug, article_id, name, feed_time)
            SELECT category.slug, $3, category.name, $4 FROM unnest($1::TEXT[], $2::TEXT[]) AS category(slug, name)
            """, [.texts(categories.map(\.slug)), .texts(categories.map(\.name)), .text(id), .double(feedTime)])
    }

    /// A slug listed twice keeps its first name, as SQLite's `INSERT OR IGNORE` of one row at a time does.
    static func firstOfEachSlug(_ categories: [Category]) -> [Category] {
        var seen: Set<String> = []
        return categories.filter { seen.insert($0.slug).inserted }
    }
}
