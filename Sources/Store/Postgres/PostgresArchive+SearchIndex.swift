import Foundation

// The writer's hooks into the PostgreSQL search index (owned by the search work of issue 16). The writer
// calls them in the article's own transaction, as the SQLite writer maintains FTS5.
extension PostgresArchive {
    /// Right after an article's row is inserted as `rowID`.
    func indexNewArticle(_ article: PreparedArticle, rowID: Int64, session: PostgresSession) throws {
        // Written by the search work: until then, PostgreSQL articles are not searchable.
    }

    /// Right before an article's title and text are replaced by `article`'s.
    func reindexArticle(_ id: String, with article: PreparedArticle, session: PostgresSession) throws {
        // Written by the search work.
    }
}
