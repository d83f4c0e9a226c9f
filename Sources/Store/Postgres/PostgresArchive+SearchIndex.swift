import Foundation
import PostgresNIO

// The writer's hooks into the PostgreSQL search index (PostgresSearchDocument), called in the article's
// own transaction as the SQLite writer maintains FTS5. `article_search_totals` keeps what FTS5 keeps for
// its bm25: the index's rows and tokens (every indexed row, removed articles too, as FTS5 counts them).
extension PostgresArchive {
    static let searchIndexMigration = (name: "v3: search index: SearchText's tokens as tsvectors, with what the ranking counts", sql: """
        CREATE TABLE article_search (
            article BIGINT PRIMARY KEY,
            document TSVECTOR NOT NULL,
            tokens BIGINT NOT NULL,
            exact BOOLEAN NOT NULL,
            body_start INTEGER NOT NULL,
            tails_start INTEGER NOT NULL,
            title TEXT,
            body TEXT,
            tails TEXT
        );
        CREATE INDEX article_search_exact ON article_search USING GIN (document) WHERE exact;
        CREATE INDEX article_search_loose ON article_search USING GIN (document) WHERE NOT exact;
        CREATE TABLE article_search_totals (
            one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
            rows BIGINT NOT NULL,
            tokens BIGINT NOT NULL
        );
        INSERT INTO article_search_totals (one, rows, tokens) VALUES (TRUE, 0, 0);
        """)

    /// Right after an article's row is inserted as `rowID`.
    func indexNewArticle(_ article: PreparedArticle, rowID: Int64, session: PostgresSession) throws {
        guard maintainsSearchIndex else { return }
        try Self.index(article.searchDocument ?? SearchDocument(title: article.title, text: article.contentText),
                       rowID: rowID, session: session)
    }

    /// Right before an article's title and text are replaced by `article`'s.
    func reindexArticle(_ id: String, with article: PreparedArticle, session: PostgresSession) throws {
        guard maintainsSearchIndex,
              let row = try session.query("SELECT row_id, title, content_text FROM articles WHERE id = $1", [.text(id)]).first
        else { return }
        let columns = PostgresFields(row)
        let title: String = try columns.required("title"), text: String = try columns.required("content_text")
        guard title != article.title || text != article.contentText else { return }
        let rowID: Int64 = try columns.required("row_id")
        try Self.unindex(rowID: rowID, session: session)
        try Self.index(article.searchDocument ?? SearchDocument(title: article.title, text: article.contentText),
                       rowID: rowID, session: session)
    }

    /// `countsTotals: false` leaves `article_search_totals` to the caller: every update of its one row
    /// leaves a version the next one walks past until the transaction ends, so a transaction indexing
    /// many rows (the rebuild) counts them once at its end instead.
    static func index(_ document: SearchDocument, rowID: Int64, session: PostgresSession, countsTotals: Bool = true) throws {
        let indexed = PostgresSearchDocument(document)
        let insert = """
            INSERT INTO article_search (article, document, tokens, exact, body_start, tails_start, title, body, tails)
            VALUES ($1, $2::tsvector, $3, $4, $5, $6, $7, $8, $9)
            """
        try session.query(countsTotals ? """
            WITH added AS (\(insert) RETURNING tokens)
            UPDATE article_search_totals SET rows = rows + 1, tokens = article_search_totals.tokens + (SELECT tokens FROM added)
            """ : insert,
            [.int(rowID), .text(indexed.vector), .int(Int64(indexed.tokenCount)), .bool(indexed.isExact),
             .int(Int64(indexed.bodyStart)), .int(Int64(indexed.tailsStart)),
             .text(indexed.isExact ? nil : document.title), .text(indexed.isExact ? nil : document.body),
             .text(indexed.isExact ? nil : document.tails)])
    }

    static func unindex(rowID: Int64, session: PostgresSession) throws {
        try session.query("""
            WITH gone AS (DELETE FROM article_search WHERE article = $1 RETURNING tokens)
            UPDATE article_search_totals SET rows = rows - (SELECT COUNT(*) FROM gone),
                tokens = article_search_totals.tokens - COALESCE((SELECT SUM(tokens) FROM gone), 0)
            """, [.int(rowID)])
    }

    /// Indexes every article anew, in row order (an archive copied in without the writer, `finews migrate`).
    public func rebuildSearchIndex() throws(StoreError) {
        try write { session in
            try session.query("DELETE FROM article_search")
            var after: Int64 = -1
            while true {
                let rows = try session.query("""
                    SELECT row_id, title, content_text FROM articles WHERE row_id > $1 ORDER BY row_id LIMIT 2048
                    """, [.int(after)])
                guard let last = rows.last else { break }
                let slice = try rows.map { row in
                    let columns = PostgresFields(row)
                    return (rowID: try columns.required("row_id", as: Int64.self),
                            title: try columns.required("title", as: String.self),
                            text: try columns.required("content_text", as: String.self))
                }
                let documents = SearchDocument.make(slice.map { (title: $0.title, text: $0.text) })
                for (row, document) in zip(slice, documents) {
                    try Self.index(document, rowID: row.rowID, session: session, countsTotals: false)
                }
                after = try last.required("row_id", as: Int64.self)
            }
            try session.query("""
                UPDATE article_search_totals SET rows = (SELECT COUNT(*) FROM article_search),
                    tokens = (SELECT COALESCE(SUM(tokens), 0) FROM article_search)
                """)
        }
    }
}
