import Foundation
import GRDB
import Model

extension Archive {
    /// Applies one source's batch in one transaction: new articles, revisions of changed ones, and
    /// removals of what a complete listing no longer holds. Either all of it lands or none of it. A
    /// source read in parts sends one batch per part; the refresh's per-source totals add up.
    public func apply(_ batch: SourceBatch, refreshID: Int64, at now: Date) throws(StoreError) -> SourceOutcome {
        try write { db in try apply(batch, refreshID: refreshID, at: now, db: db) }
    }

    /// The batch inside the caller's transaction (one of its own, or a group's: `ArchiveTransaction`).
    func apply(_ batch: SourceBatch, refreshID: Int64, at now: Date, db: Database) throws -> SourceOutcome {
        var outcome = SourceOutcome(sourceID: batch.sourceID)
        outcome.errors = batch.errors
        outcome.failure = batch.failure
        outcome.skipped = batch.skipped
        try db.cachedStatement(sql: """
            INSERT INTO sources (id, kind, title, first_seen) VALUES (?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, title = excluded.title
            """).execute(arguments: [batch.sourceID, batch.kind, batch.title, now.timeIntervalSince1970])
        outcome.unchanged += try countUnchanged(batch, db: db)
        var seen: [String: String] = [:]
        for (article, id) in zip(batch.articles, batch.articleIDs) {
            if let earlier = seen[article.itemID] {
                outcome.errors.append(ChangeWording.repeatedItem(article, earlier: earlier))
                continue
            }
            seen[article.itemID] = article.origin ?? article.itemID
            try store(article, id: id, batch: batch, refreshID: refreshID, now: now, outcome: &outcome, db: db)
        }
        if !batch.checkedOrigins.isEmpty {
            let mark = try db.cachedStatement(sql: """
                UPDATE articles SET last_checked = ? WHERE source_id = ? AND origin = ?
                """)
            for origin in batch.checkedOrigins {
                try mark.execute(arguments: [now.timeIntervalSince1970, batch.sourceID, origin])
            }
        }
        if batch.failure == nil, let listing = batch.completeListing {
            try removeMissing(from: batch.sourceID, listing: listing, refreshID: refreshID, now: now,
                              outcome: &outcome, db: db)
        }
        try addToRefreshTotals(outcome, refreshID: refreshID, db: db)
        return outcome
    }

    /// The source's row for this refresh, with this batch added to what earlier parts stored.
    private func addToRefreshTotals(_ outcome: SourceOutcome, refreshID: Int64, db: Database) throws {
        var total = outcome
        if let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT * FROM refresh_sources WHERE refresh_id = ? AND source_id = ?
            """), arguments: [refreshID, outcome.sourceID]) {
            var earlier = SourceOutcome(sourceID: outcome.sourceID)
            earlier.new = row["new"]
            earlier.updated = row["updated"]
            earlier.unchanged = row["unchanged"]
            earlier.removed = row["removed"]
            earlier.errors = try JSONDecoder().decode([String].self, from: Data((row["errors"] as String).utf8))
            earlier.failure = row["failure"]
            earlier.add(outcome)
            total = earlier
        }
        let errors = try Self.json(total.errors)
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO refresh_sources
                (refresh_id, source_id, new, updated, unchanged, removed, errors, failure)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [refreshID, total.sourceID, total.new, total.updated, total.unchanged,
                             total.removed, errors, total.failure])
    }

    private func store(_ article: PreparedArticle, id: String, batch: SourceBatch, refreshID: Int64, now: Date,
                       outcome: inout SourceOutcome, db: Database) throws {
        let hash = article.contentHash
        guard let existing = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM articles WHERE id = ?"),
            arguments: [id]) else {
            let rowID = try insert(article, id: id, sourceID: batch.sourceID, hash: hash, now: now, db: db)
            try recordEvent(.new, articleID: id, sourceID: batch.sourceID, article: article, detail: nil,
                            refreshID: refreshID, now: now, db: db)
            outcome.new += 1
            try fileStory(article, id: id, insertedRowID: rowID, hash: hash, batch: batch, refreshID: refreshID, now: now,
                          outcome: &outcome, db: db)
            return
        }
        let wasRemoved = existing["removed"] as Double? != nil
        let oldHash: String = existing["content_hash"]
        if oldHash == hash && !wasRemoved {
            if (existing["origin"] as String?) != article.origin || (existing["origin_stamp"] as String?) != article.originStamp {
                try db.cachedStatement(sql: "UPDATE articles SET origin = ?, origin_stamp = ? WHERE id = ?")
                    .execute(arguments: [article.origin, article.originStamp, id])
            }
            outcome.unchanged += 1
            return
        }
        var details: [String] = []
        var newsworthy = wasRemoved
        if wasRemoved { details.append(ChangeWording.restored) }
        if oldHash != hash {
            let change = RevisionSummary(old: existing, new: article)
            try keepRevision(of: existing, summary: change, now: now, db: db)
            details.append(change.text)
            newsworthy = newsworthy || !change.trivial
        }
        try update(id, with: article, hash: hash, now: now, bumpUpdated: newsworthy, db: db)
        try recordEvent(.updated, articleID: id, sourceID: batch.sourceID, article: article,
                        detail: details.joined(separator: "; "), refreshID: refreshID, now: now, db: db)
        outcome.updated += 1
        if let story = existing["story_id"] as String? { try electLead(of: story, db: db) }
        if (existing["content_text"] as String) != article.contentText {
            try fileStory(article, id: id, insertedRowID: nil, hash: hash, batch: batch, refreshID: refreshID, now: now,
                          outcome: &outcome, db: db)
        }
    }

    private func fileStory(_ article: PreparedArticle, id: String, insertedRowID: Int64?, hash: String, batch: SourceBatch,
                           refreshID: Int64, now: Date, outcome: inout SourceOutcome, db: Database) throws {
        guard let joined = try fileFingerprint(article.fingerprint, articleID: id, title: article.title, insertedRowID: insertedRowID,
                                               contentHash: hash, now: now, db: db) else {
            return
        }
        try recordEvent(.merged, articleID: id, sourceID: batch.sourceID, article: article,
                        detail: ChangeWording.merged(lead: joined.lead, story: joined.story),
                        refreshID: refreshID, now: now, db: db)
        outcome.merged += 1
    }

    /// Current articles of the source the reading left alone because they have not changed.
    private func countUnchanged(_ batch: SourceBatch, db: Database) throws -> Int {
        switch batch.unchanged {
        case .count(let count):
            return count
        case .allNotRead:
            let stored = try String.fetchAll(db.cachedStatement(sql: """
                SELECT origin FROM articles WHERE source_id = ? AND removed IS NULL AND origin IS NOT NULL
                """), arguments: [batch.sourceID])
            let read = batch.checkedOrigins.union(batch.articles.compactMap(\.origin))
            return stored.reduce(0) { $0 + (read.contains($1) ? 0 : 1) }
        }
    }

    private func removeMissing(from sourceID: String, listing: Set<String>, refreshID: Int64, now: Date,
                               outcome: inout SourceOutcome, db: Database) throws {
        // Ids and origins only, through a cursor: the last part of a first import compares every
        // article of the source, and its 10,000 rows with titles and links, held at once, were that
        // refresh's peak of memory. The few missing ones are read again below.
        var missing: [String] = []
        let stored = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT id, origin FROM articles
            WHERE source_id = ? AND removed IS NULL AND origin IS NOT NULL
            """), arguments: [sourceID])
        while let row = try stored.next() {
            if !listing.contains(row["origin"] as String) { missing.append(row["id"]) }
        }
        for id in missing {
            guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT origin, title, link, story_id FROM articles WHERE id = ?
                """), arguments: [id]) else { continue }
            try db.cachedStatement(sql: "UPDATE articles SET removed = ? WHERE id = ?")
                .execute(arguments: [now.timeIntervalSince1970, id])
            if let story = row["story_id"] as String? { try electLead(of: story, db: db) }
            try db.cachedStatement(sql: """
                INSERT INTO change_events (refresh_id, at, kind, article_id, source_id, title, link, detail)
                VALUES (?, ?, 'removed', ?, ?, ?, ?, ?)
                """).execute(arguments: [refreshID, now.timeIntervalSince1970, id, sourceID, row["title"] as String,
                                 row["link"] as String?, ChangeWording.removed(origin: row["origin"] as String)])
            outcome.removed += 1
        }
    }
}
