import Foundation
import GRDB
import GRDBSQLite
import Model

/// One search result: the article, its score (`SearchRanking`, lower is better) and highlighted snippets cut
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
                try index(SearchDocument(title: row[1], text: row[2]), rowID: row[0], db: db)
            }
        }
    }

    /// FTS5 keeps new rows in memory and writes them out as a segment at each commit or when the
    /// memory passes `hashsize` (1 MB by default: two or three segments per batch of a few hundred
    /// articles), then merges segments `automerge` at a time (4), and all of a level at once when
    /// `crisismerge` (16) pile up. Merging rewrote each posting a level at a time and was half of what
    /// the index cost the writer. One segment per batch, merged 16 at a time (levels allowed up to 64
    /// before a forced merge, so automerge keeps up incrementally), is about a third cheaper; a
    /// search reads a few more segments, measured not to slow it (README, "Search"). Stored in the
    /// table's own configuration, so it holds for every connection.
    static let searchIndexSettings: [(name: String, value: Int)] = [
        ("hashsize", 8 * 1_048_576), ("automerge", 16), ("crisismerge", 64),
    ]

    static func registerSearchSettingsMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8: search index written in larger segments, merged 16 at a time") { db in
            for setting in searchIndexSettings {
                try db.execute(sql: "INSERT INTO article_search (article_search, rank) VALUES (?, ?)",
                               arguments: [setting.name, setting.value])
            }
        }
    }

    /// FTS5's `ascii` tokenizer for the tokens SearchText writes (bigrams and words, already normalised
    /// and separated by single spaces): its non-ASCII bytes are token characters, so it only splits on
    /// the spaces, where `unicode61` decoded and classified every character again (two table lookups per
    /// CJK character). About a fifth less of FTS5's work on the writer (ARCHITECTURE.md, "Search"); same
    /// tokens. The tokens are also made anew: a run of CJK characters goes through OpenCC alone
    /// (SearchText.normalize), so every existing row is indexed again, here, in one pass.
    static func registerSearchTokenizerMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9: search index tokenized by ascii, CJK runs converted on their own") { db in
            try db.execute(sql: """
                DROP TABLE article_search;
                CREATE VIRTUAL TABLE article_search USING fts5(title, body, tails, content = '', tokenize = 'ascii');
                """)
            for setting in searchIndexSettings {
                try db.execute(sql: "INSERT INTO article_search (article_search, rank) VALUES (?, ?)",
                               arguments: [setting.name, setting.value])
            }
            try rebuildSearchIndex(db)
        }
    }

    /// Every article's document, made on all cores a slice at a time, inserted in rowid order.
    static func rebuildSearchIndex(_ db: Database) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT rowid, title, content_text FROM articles ORDER BY rowid")
        var slice: [(rowID: Int64, title: String, text: String)] = []
        func flush() throws {
            let documents = SearchDocument.make(slice.map { (title: $0.title, text: $0.text) })
            for (row, document) in zip(slice, documents) { try index(document, rowID: row.rowID, db: db) }
            slice.removeAll(keepingCapacity: true)
        }
        while let row = try rows.next() {
            slice.append((row[0], row[1], row[2]))
            if slice.count == 2_048 { try flush() }
        }
        try flush()
    }

    static func index(_ document: SearchDocument, rowID: Int64, db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO article_search (rowid, title, body, tails) VALUES (?, ?, ?, ?)")
            .execute(arguments: [rowID, document.title, document.body, document.tails])
    }

    /// A contentless table forgets a row only when told exactly what it indexed, so the stored title
    /// and text are tokenized again before they are replaced.
    static func unindex(_ document: SearchDocument, rowID: Int64, db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO article_search (article_search, rowid, title, body, tails) VALUES ('delete', ?, ?, ?, ?)
            """).execute(arguments: [rowID, document.title, document.body, document.tails])
    }

    /// For the writer, right after an article's row is inserted as `rowID`: the document preparation
    /// made (made here only for an article prepared without one).
    func indexNewArticle(_ article: PreparedArticle, rowID: Int64, db: Database) throws {
        guard maintainsSearchIndex else { return }
        try Self.index(article.searchDocument ?? SearchDocument(title: article.title, text: article.contentText),
                       rowID: rowID, db: db)
    }

    /// For the writer, right before an article's title and text are replaced by `article`'s.
    func reindexArticle(_ id: String, with article: PreparedArticle, db: Database) throws {
        guard maintainsSearchIndex, let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT rowid, title, content_text FROM articles WHERE id = ?
            """), arguments: [id]) else { return }
        guard (row[1] as String) != article.title || (row[2] as String) != article.contentText else { return }
        try Self.unindex(SearchDocument(title: row[1], text: row[2]), rowID: row[0], db: db)
        try Self.index(article.searchDocument ?? SearchDocument(title: article.title, text: article.contentText),
                       rowID: row[0], db: db)
    }

    /// How many matches a search ranks at most: the newest ones (by rowid, the order articles were
    /// stored in). bm25 costs every row it scores, so a word found in most of the archive (`中国`, `市场`)
    /// would cost the archive's size; past this many matches the results are the most relevant of the
    /// newest ones, which is what a reader of news asks for.
    public static let rankedMatches = searchRankedMatches

    /// Current articles matching the query, most relevant first (`SearchRanking`: bm25's term frequency
    /// and length normalisation, titles weigh four times the body), newer first among equals, among the
    /// newest `rankedMatches` matches that pass the filters.
    /// A search that runs past `timeLimit` is interrupted.
    public func search(_ query: SearchQuery, since: Date?, limit: Int, offset: Int,
                       timeLimit: Duration, rankedMatches: Int) throws(StoreError) -> [SearchHit] {
        let limit = max(0, min(limit, 500)), offset = max(0, offset)
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
        _ = arguments.append(contentsOf: [max(rankedMatches, limit + offset)])
        // The index leads (CROSS JOIN) and walks its matches newest first, so the scan stops after the
        // bound however common the words are; each match is scored as it is read.
        let sql = """
            SELECT article_search.rowid, finews_rank(article_search, 4.0, 1.0, 0.5), a.feed_time
            FROM article_search CROSS JOIN articles a ON a.rowid = article_search.rowid
            WHERE article_search MATCH ? AND a.removed IS NULL\(filters)
            ORDER BY article_search.rowid DESC LIMIT ?
            """
        let found: [(Article, Double)]
        do {
            found = try pool.read { db in
                var matches = try Self.withTimeLimit(timeLimit, db: db) {
                    try Row.fetchAll(db, sql: sql, arguments: arguments).map {
                        (rowID: $0[0] as Int64, score: $0[1] as Double, time: $0[2] as Double)
                    }
                }
                matches.sort { $0.score != $1.score ? $0.score < $1.score : $0.time != $1.time ? $0.time > $1.time : $0.rowID > $1.rowID }
                let fetch = try db.cachedStatement(sql: "SELECT * FROM articles WHERE rowid = ?")
                let verified = query.verified
                guard !verified.isEmpty else {
                    return try matches.dropFirst(offset).prefix(limit).compactMap { match in
                        try Row.fetchOne(fetch, arguments: [match.rowID]).map { (try Article(row: $0), match.score) }
                    }
                }
                // Best first, each checked for the terms the index could not decide, until the page is full.
                var kept: [(Article, Double)] = []
                for match in matches where kept.count < offset + limit {
                    guard let row = try Row.fetchOne(fetch, arguments: [match.rowID]) else { continue }
                    let article = try Article(row: row)
                    guard verified.allSatisfy({ SearchSnippet.contains($0, in: article.title)
                        || SearchSnippet.contains($0, in: article.contentText) }) else { continue }
                    kept.append((article, match.score))
                }
                return Array(kept.dropFirst(offset))
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
