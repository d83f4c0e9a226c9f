import Foundation
import GRDB

extension Archive {
    /// The item ids and origins of a source's articles, for adapters that skip what is stored.
    public func storedItems(source: String) throws(StoreError) -> (itemIDs: Set<String>, origins: Set<String>) {
        try read { db in
            var ids: Set<String> = []
            var origins: Set<String> = []
            let rows = try Row.fetchCursor(db, sql: "SELECT item_id, origin FROM articles WHERE source_id = ?",
                                           arguments: [source])
            while let row = try rows.next() {
                ids.insert(row["item_id"])
                if let origin = row["origin"] as String? { origins.insert(origin) }
            }
            return (ids, origins)
        }
    }
}
