import Foundation
import GRDB

extension Archive {
    /// Origins (article page URLs) of a source whose recheck is due: some age in `schedule`, counted
    /// from when the article was first seen, has passed since the page was last fetched. Only articles
    /// young enough to have a recheck left are read, so the cost follows recent articles, not the archive.
    public func dueRechecks(source: String, schedule: [TimeInterval], at now: Date) throws(StoreError) -> Set<String> {
        guard let last = schedule.max() else { return [] }
        return try read { db in
            var due: Set<String> = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT origin, first_seen, last_checked FROM articles
                WHERE source_id = ? AND removed IS NULL AND origin IS NOT NULL AND first_seen >= ?
                """, arguments: [source, now.timeIntervalSince1970 - last - 86400])
            while let row = try rows.next() {
                let firstSeen: Double = row["first_seen"]
                let checked = row["last_checked"] as Double? ?? firstSeen
                if Self.isRecheckDue(firstSeen: firstSeen, lastChecked: checked, now: now.timeIntervalSince1970, schedule: schedule) {
                    due.insert(row["origin"])
                }
            }
            return due
        }
    }

    /// Due when a scheduled age falls after the last fetch and is reached by now.
    static func isRecheckDue(firstSeen: Double, lastChecked: Double, now: Double, schedule: [TimeInterval]) -> Bool {
        schedule.contains { age in
            let moment = firstSeen + age
            return moment > lastChecked && moment <= now
        }
    }
}

extension Archive {
    /// The due rule, exposed for table tests.
    public static func isRecheckDueForTesting(firstSeen: Double, lastChecked: Double, now: Double,
                                              schedule: [TimeInterval]) -> Bool {
        isRecheckDue(firstSeen: firstSeen, lastChecked: lastChecked, now: now, schedule: schedule)
    }
}
