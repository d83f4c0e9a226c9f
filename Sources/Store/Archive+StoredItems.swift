import Foundation
import GRDB

extension Archive {
    /// The origins (page URLs) of a source's articles, so network adapters do not fetch stored pages
    /// again, and how many articles the source has (one that held some and now lists none is failing).
    public func storedOrigins(source: String) throws(StoreError) -> (origins: Set<String>, articles: Int) {
        try read { db in
            var origins: Set<String> = []
            var count = 0
            let rows = try Row.fetchCursor(db, sql: "SELECT origin FROM articles WHERE source_id = ?", arguments: [source])
            while let row = try rows.next() {
                count += 1
                if let origin = row["origin"] as String? { origins.insert(origin) }
            }
            return (origins, count)
        }
    }
}
