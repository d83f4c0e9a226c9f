import Foundation
import GRDB
import GRDBSQLite
import Model

/// One search result: the article, its score (bm25, lower is better) and highlighted snippets cut
/// from the original title and text.
public struct SearchHit: Sendable {
    public var article: Article
    public var score: Double
    public var title: [SnippetPart]
    public var snippet: [SnippetPart]
}

extension Archive {
    /// The full-text index (ARCHITECTURE.md, "Search"): contentless, so the text is not stored twice;
    /// its rowid is the article's rowid. `tokens` columns hold SearchText's bigrams and words.
    static func registerSearchMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7: full-text search over titles and bodies") { db in
            try db.execute(sql: """
                CREATE VIRTUAL TABLE article_search USING fts5(
                    title, body, tails, content = '', tokenize = 'unicode61 remove_diacritics 0');
                -- The sources page lists each source's recent errors.
                CREATE INDEX refresh_sources_source ON refresh_sources(source_id, refresh_id);
                """)
            let rows = try Row.fetchCursor(db, sql: "SELECT rowid, title, content_text FROM articles")
            while let row = try rows.next() {
                try indexForSearch(rowID: row[0], title: row[1], text: row[2], db: db)
            }
        }
    }

    static func indexForSearch(rowID: Int64, title: String, text: String, db: Database) throws {
        let (title, body) = (SearchText.document(title), SearchText.document(text))
        try db.cachedStatement(sql: "INSERT INTO article_search (rowid, title, body, tails) VALUES (?, ?, ?, ?)")
            .execute(arguments: [rowID, title.tokens, body.tokens, title.tails + " " + body.tails])
    }

    /// A contentless table forgets a row only when told exactly what it indexed, so the stored title
    /// and text are tokenized again before they are replaced.
    static func unindexForSearch(rowID: Int64, title: String, text: String, db: Database) throws {
        let (title, body) = (SearchText.document(title), SearchText.document(text))
        try db.cachedStatement(sql: """
            INSERT INTO article_search (article_search, rowid, title, body, tails) VALUES ('delete', ?, ?, ?, ?)
            """).execute(arguments: [rowID, title.tokens, body.tokens, title.tails + " " + body.tails])
    }

    /// For the writer, right after an article is inserted.
    func indexNewArticle(_ id: String, db: Database) throws {
        guard maintainsSearchIndex, let row = try Row.fetchOne(db, sql: "SELECT rowid, title, content_text FROM articles WHERE id = ?",
                                         arguments: [id]) else { return }
        try Self.indexForSearch(rowID: row[0], title: row[1], text: row[2], db: db)
    }

    /// For the writer, right before an article's title and text are replaced.
    func reindexArticle(_ id: String, title: String, text: String, db: Database) throws {
        guard maintainsSearchIndex, let row = try Row.fetchOne(db, sql: "SELECT rowid, title, content_text FROM articles WHERE id = ?",
                                         arguments: [id]) else { return }
        guard (row[1] as String) != title || (row[2] as String) != text else { return }
        try Self.unindexForSearch(rowID: row[0], title: row[1], text: row[2], db: db)
        try Self.indexForSearch(rowID: row[0], title: title, text: text, db: db)
    }

    /// Current articles matching the query, most relevant first (bm25, titles weigh four times the
    /// body), newer first among equals. A search that runs past `timeLimit` is interrupted.
    public func search(_ query: SearchQuery, since: Date? = nil, limit: Int = 20, offset: Int = 0,
                       timeLimit: Duration = .seconds(2)) throws(StoreError) -> [SearchHit] {
        var filters = ""
        var arguments: StatementArguments = [query.matchExpression]
        if let since {
            filters += " AND a.feed_time >= ?"
            _ = arguments.append(contentsOf: [since.timeIntervalSince1970])
        }
        if !query.sources.isEmpty {
            filters += " AND a.source_id IN (" + query.sources.map { _ in "?" }.joined(separator: ",") + ")"
            _ = arguments.append(contentsOf: StatementArguments(query.sources))
        }
        if !query.outlets.isEmpty {
            filters += " AND a.outlet IN (" + query.outlets.map { _ in "?" }.joined(separator: ",") + ")"
            _ = arguments.append(contentsOf: StatementArguments(query.outlets))
        }
        _ = arguments.append(contentsOf: [max(0, min(limit, 500)), max(0, offset)])
        let sql = """
            SELECT a.rowid AS rowid, bm25(article_search, 4.0, 1.0, 0.5) AS score
            FROM article_search JOIN articles a ON a.rowid = article_search.rowid
            WHERE article_search MATCH ? AND a.removed IS NULL\(filters)
            ORDER BY score, a.feed_time DESC LIMIT ? OFFSET ?
            """
        let found: [(Article, Double)]
        do {
            found = try pool.read { db in
                let ranked = try Self.withTimeLimit(timeLimit, db: db) {
                    try rankedWindow(query, since: since, limit: limit, offset: offset, db: db)
                        ?? Row.fetchAll(db, sql: sql, arguments: arguments).map { ($0["rowid"] as Int64, $0["score"] as Double) }
                }
                let fetch = try db.cachedStatement(sql: "SELECT * FROM articles WHERE rowid = ?")
                return try ranked.compactMap { rowID, score in
                    try Row.fetchOne(fetch, arguments: [rowID]).map { (try Article(row: $0), score) }
                }
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT {
            throw .query(path: path, reason: "the search took longer than \(timeLimit); try more specific words")
        } catch {
            throw .query(path: path, reason: "\(error)")
        }
        let needles = query.needles
        return found.map { article, score in
            SearchHit(article: article, score: score,
                      title: SearchSnippet.parts(of: article.title, needles: needles, wholeText: true),
                      snippet: SearchSnippet.parts(of: article.contentText, needles: needles))
        }
    }

    /// The fast way for a common word: rank in the index alone, then read the articles of the best
    /// `window` only, instead of joining every match with its article. nil when that window cannot
    /// decide the page (filters dropped too many, or equal scores run past its edge); the full join then
    /// answers.
    private func rankedWindow(_ query: SearchQuery, since: Date?, limit: Int, offset: Int,
                              db: Database) throws -> [(Int64, Double)]? {
        let wanted = max(0, min(limit, 500)) + max(0, offset)
        guard wanted > 0 else { return [] }
        let window = max(200, wanted * 4)
        let top = try Row.fetchAll(db, sql: """
            SELECT rowid, bm25(article_search, 4.0, 1.0, 0.5) AS score FROM article_search
            WHERE article_search MATCH ? ORDER BY score LIMIT ?
            """, arguments: [query.matchExpression, window]).map { ($0[0] as Int64, $0[1] as Double) }
        guard !top.isEmpty else { return [] }
        let scores = Dictionary(top, uniquingKeysWith: { first, _ in first })
        let rows = try Row.fetchAll(db, sql: """
            SELECT rowid, feed_time, source_id, outlet FROM articles
            WHERE removed IS NULL AND rowid IN (\(top.map { _ in "?" }.joined(separator: ",")))
            """, arguments: StatementArguments(top.map(\.0)))
        let sources = Set(query.sources), outlets = Set(query.outlets)
        var kept: [(rowID: Int64, score: Double, time: Double)] = []
        for row in rows {
            let time: Double = row[1]
            if let since, time < since.timeIntervalSince1970 { continue }
            if !sources.isEmpty && !sources.contains(row[2] as String) { continue }
            if !outlets.isEmpty && !outlets.contains((row[3] as String?) ?? "") { continue }
            let rowID: Int64 = row[0]
            kept.append((rowID, scores[rowID] ?? 0, time))
        }
        kept.sort { $0.score != $1.score ? $0.score < $1.score : $0.time > $1.time }
        if top.count == window, let edge = top.last?.1 {
            // More matches lie beyond the window: it decides only when the page ends before its edge.
            guard kept.count >= wanted, kept[wanted - 1].score < edge else { return nil }
        }
        return kept.dropFirst(max(0, offset)).prefix(max(0, min(limit, 500))).map { ($0.rowID, $0.score) }
    }

    /// Runs `body` with SQLite's progress handler armed: past the deadline the statement is
    /// interrupted (SQLITE_INTERRUPT) instead of running on.
    static func withTimeLimit<T>(_ limit: Duration, db: Database, _ body: () throws -> T) throws -> T {
        let deadline = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        defer { deadline.deallocate() }
        let (seconds, attoseconds) = limit.components
        deadline.pointee = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, seconds)) * 1_000_000_000
            + UInt64(max(0, attoseconds) / 1_000_000_000)
        sqlite3_progress_handler(db.sqliteConnection, 2_000, { context in
            guard let context else { return 0 }
            return DispatchTime.now().uptimeNanoseconds > context.load(as: UInt64.self) ? 1 : 0
        }, deadline)
        defer { sqlite3_progress_handler(db.sqliteConnection, 0, nil, nil) }
        return try body()
    }
}

extension Archive {
    /// Moves the write-ahead log into the database file, so the file's size is the archive's (for the
    /// benchmark that reports what the index adds).
    public func checkpoint() throws(StoreError) {
        do {
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        } catch {
            throw .query(path: path, reason: "\(error)")
        }
    }
}
