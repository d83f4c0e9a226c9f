import Foundation

extension PostgresArchive {
    /// A B-tree entry of PostgreSQL holds at most about 2,700 bytes, and a feed may send item ids,
    /// origins and URLs of any length (SQLite stores them all): one such item failed its source's whole
    /// batch at every refresh. These columns are keyed by their MD5 instead (the writer looks them up by
    /// `md5(x) = md5($n) AND x = $n`); the values themselves are stored as sent.
    static let longKeysMigration = (name: "v2: item ids, origins and HTTP cache URLs of any length", sql: """
        ALTER TABLE articles DROP CONSTRAINT articles_source_id_item_id_key;
        CREATE UNIQUE INDEX articles_item ON articles (source_id, md5(item_id));
        DROP INDEX articles_origin;
        CREATE INDEX articles_origin ON articles (source_id, md5(origin));
        ALTER TABLE http_cache DROP CONSTRAINT http_cache_pkey;
        CREATE UNIQUE INDEX http_cache_url ON http_cache (md5(url));
        """)
}
