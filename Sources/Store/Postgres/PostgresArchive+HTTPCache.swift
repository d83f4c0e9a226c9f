import Foundation
import Model

extension PostgresArchive {
    /// The validators stored for these URLs (URL → validators); URLs never stored are absent.
    public func httpValidators(for urls: [String]) throws(StoreError) -> [String: HTTPValidators] {
        guard !urls.isEmpty else { return [:] }
        return try read { session in
            var found: [String: HTTPValidators] = [:]
            for row in try session.query("""
                SELECT url, etag, last_modified FROM http_cache
                WHERE md5(url) = ANY(ARRAY(SELECT md5(wanted) FROM unnest($1::TEXT[]) AS wanted)) AND url = ANY($1)
                """, [.texts(urls)]) {
                let fields = row.fields
                found[try fields.string("url")] = HTTPValidators(etag: try fields.optionalString("etag"),
                                                                 lastModified: try fields.optionalString("last_modified"))
            }
            return found
        }
    }

    /// Remembers a response's validators; a response without any forgets the old ones
    /// (`Archive.storeHTTPValidators`). One statement either way, so processes storing at once need no lock.
    public func storeHTTPValidators(_ validators: HTTPValidators?, for url: String, at now: Date) throws(StoreError) {
        try write { session in try storeHTTPValidators(validators, for: url, at: now, session: session) }
    }

    func storeHTTPValidators(_ validators: HTTPValidators?, for url: String, at now: Date, session: PostgresSession) throws {
        guard let validators, !validators.isEmpty else {
            try session.query("DELETE FROM http_cache WHERE md5(url) = md5($1) AND url = $1", [.text(url)])
            return
        }
        try session.query("""
            INSERT INTO http_cache (url, etag, last_modified, stored) VALUES ($1, $2, $3, $4)
            ON CONFLICT ((md5(url))) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                stored = excluded.stored
            """, [.text(url), .text(validators.etag), .text(validators.lastModified), .double(now.timeIntervalSince1970)])
    }
}
