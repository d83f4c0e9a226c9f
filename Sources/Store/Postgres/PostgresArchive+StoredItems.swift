import Foundation
import Model

// What a refresh reads of a source's stored articles before fetching it (`Archive+StoredItems.swift`,
// `Archive+Rechecks.swift`, `Archive.originStamps` on SQLite).
extension PostgresArchive {
    /// Origin → stamp of the source's current articles; of two articles with one origin, the later stored.
    public func originStamps(source: String) throws(StoreError) -> [String: String] {
        try read { session in
            var stamps: [String: String] = [:]
            for row in try session.query("""
                SELECT origin, origin_stamp FROM articles
                WHERE source_id = $1 AND removed IS NULL AND origin IS NOT NULL AND origin_stamp IS NOT NULL
                ORDER BY row_id
                """, [.text(source)]) {
                let fields = row.fields
                stamps[try fields.string("origin")] = try fields.string("origin_stamp")
            }
            return stamps
        }
    }

    public func storedOrigins(source: String) throws(StoreError) -> (origins: Set<String>, articles: Int) {
        try read { session in
            var origins: Set<String> = []
            var count = 0
            for row in try session.query("SELECT origin FROM articles WHERE source_id = $1", [.text(source)]) {
                count += 1
                if let origin = try row.fields.optionalString("origin") { origins.insert(origin) }
            }
            return (origins, count)
        }
    }

    /// `Archive.dueRechecks`: only articles young enough to have a recheck left are read.
    public func dueRechecks(source: String, schedule: [TimeInterval], at now: Date) throws(StoreError) -> Set<String> {
        guard let last = schedule.max() else { return [] }
        return try read { session in
            var due: Set<String> = []
            for row in try session.query("""
                SELECT origin, first_seen, last_checked FROM articles
                WHERE source_id = $1 AND removed IS NULL AND origin IS NOT NULL AND first_seen >= $2
                """, [.text(source), .double(now.timeIntervalSince1970 - last - 86400)]) {
                let fields = row.fields
                let firstSeen = try fields.double("first_seen")
                let checked = try fields.optionalDouble("last_checked") ?? firstSeen
                if Archive.isRecheckDue(firstSeen: firstSeen, lastChecked: checked, now: now.timeIntervalSince1970,
                                        schedule: schedule) {
                    due.insert(try fields.string("origin"))
                }
            }
            return due
        }
    }
}
