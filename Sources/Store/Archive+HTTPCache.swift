import Foundation
import GRDB
import Model

extension Archive {
    /// The validators stored for these URLs (URL → validators); URLs never stored are absent.
    public func httpValidators(for urls: [String]) throws(StoreError) -> [String: HTTPValidators] {
        guard !urls.isEmpty else { return [:] }
        return try read { db in
            var found: [String: HTTPValidators] = [:]
            for url in urls {
                if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT etag, last_modified FROM http_cache WHERE url = ?"),
                    arguments: [url]) {
                    found[url] = HTTPValidators(etag: row["etag"], lastModified: row["last_modified"])
                }
            }
            return found
        }
    }

    /// Remembers a response's validators; a response without any forgets the old ones, so a stale
    /// ETag is not sent to a server that stopped using it.
    public func storeHTTPValidators(_ validators: HTTPValidators?, for url: String, at now: Date) throws(StoreError) {
        try write { db in try storeHTTPValidators(validators, for: url, at: now, db: db) }
    }

    func storeHTTPValidators(_ validators: HTTPValidators?, for url: String, at now: Date, db: Database) throws {
        guard let validators, !validators.isEmpty else {
            try db.cachedStatement(sql: "DELETE FROM http_cache WHERE url = ?").execute(arguments: [url])
            return
        }
        try db.cachedStatement(sql: """
            INSERT INTO http_cache (url, etag, last_modified, stored) VALUES (?, ?, ?, ?)
            ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                stored = excluded.stored
            """).execute(arguments: [url, validators.etag, validators.lastModified, now.timeIntervalSince1970])
    }
}
