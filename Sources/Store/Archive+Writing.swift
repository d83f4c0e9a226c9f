import Foundation
import GRDB
import Model

extension Archive {
    /// Applies one source's batch in one transaction: new articles, revisions of changed ones, and
    /// removals of what a complete listing no longer holds. Either all of it lands or none of it.
    public func apply(_ batch: SourceBatch, refreshID: Int64, at now: Date) throws(StoreError) -> SourceOutcome {
        try write { db in
            var outcome = SourceOutcome(sourceID: batch.sourceID)
            outcome.errors = batch.errors
            outcome.failure = batch.failure
            try db.cachedStatement(sql: """
                INSERT INTO sources (id, kind, title, first_seen) VALUES (?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, title = excluded.title
                """).execute(arguments: [batch.sourceID, batch.kind, batch.title, now.timeIntervalSince1970])
            outcome.unchanged += try countCurrent(batch.unchangedOrigins, sourceID: batch.sourceID, db: db)
            var seen: [String: String] = [:]
            for draft in batch.drafts {
                if let earlier = seen[draft.itemID] {
                    outcome.errors.append("\(draft.origin ?? draft.itemID): same item id '\(draft.itemID)' as \(earlier); skipped")
                    continue
                }
                seen[draft.itemID] = draft.origin ?? draft.itemID
                try store(draft, batch: batch, refreshID: refreshID, now: now, outcome: &outcome, db: db)
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
            let errors = String(decoding: try JSONEncoder().encode(outcome.errors), as: UTF8.self)
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO refresh_sources
                    (refresh_id, source_id, new, updated, unchanged, removed, errors, failure)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [refreshID, batch.sourceID, outcome.new, outcome.updated, outcome.unchanged,
                                 outcome.removed, errors, outcome.failure])
            return outcome
        }
    }

    private func store(_ draft: ArticleDraft, batch: SourceBatch, refreshID: Int64, now: Date,
                       outcome: inout SourceOutcome, db: Database) throws {
        let id = Article.stableID(sourceID: batch.sourceID, itemID: draft.itemID)
        let hash = draft.contentHash
        guard let existing = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM articles WHERE id = ?"), arguments: [id]) else {
            try insert(draft, id: id, sourceID: batch.sourceID, hash: hash, now: now, db: db)
            try recordEvent(.new, articleID: id, sourceID: batch.sourceID, draft: draft, detail: nil,
                            refreshID: refreshID, now: now, db: db)
            outcome.new += 1
            try fileStory(draft, id: id, hash: hash, batch: batch, refreshID: refreshID, now: now, outcome: &outcome, db: db)
            return
        }
        let wasRemoved = existing["removed"] as Double? != nil
        let oldHash: String = existing["content_hash"]
        if oldHash == hash && !wasRemoved {
            if (existing["origin"] as String?) != draft.origin || (existing["origin_stamp"] as String?) != draft.originStamp {
                try db.cachedStatement(sql: "UPDATE articles SET origin = ?, origin_stamp = ? WHERE id = ?")
                    .execute(arguments: [draft.origin, draft.originStamp, id])
            }
            outcome.unchanged += 1
            return
        }
        var details: [String] = []
        var newsworthy = wasRemoved
        if wasRemoved { details.append("restored") }
        if oldHash != hash {
            let change = RevisionSummary(old: existing, new: draft)
            try keepRevision(of: existing, summary: change, now: now, db: db)
            details.append(change.text)
            newsworthy = newsworthy || !change.trivial
        }
        try update(id, with: draft, hash: hash, now: now, bumpUpdated: newsworthy, db: db)
        try recordEvent(.updated, articleID: id, sourceID: batch.sourceID, draft: draft,
                        detail: details.joined(separator: "; "), refreshID: refreshID, now: now, db: db)
        outcome.updated += 1
        if let story = existing["story_id"] as String? { try electLead(of: story, db: db) }
        if (existing["content_text"] as String) != draft.contentText {
            try fileStory(draft, id: id, hash: hash, batch: batch, refreshID: refreshID, now: now, outcome: &outcome, db: db)
        }
    }

    private func fileStory(_ draft: ArticleDraft, id: String, hash: String, batch: SourceBatch, refreshID: Int64, now: Date,
                           outcome: inout SourceOutcome, db: Database) throws {
        let fingerprint = batch.fingerprints[draft.itemID] ?? fingerprinter.fingerprint(draft.contentText)
        guard let joined = try fileFingerprint(fingerprint, articleID: id, contentHash: hash, db: db) else {
            return
        }
        try recordEvent(.merged, articleID: id, sourceID: batch.sourceID, draft: draft,
                        detail: "same story as \u{201C}\(joined.lead)\u{201D} (story \(joined.story))",
                        refreshID: refreshID, now: now, db: db)
        outcome.merged += 1
    }

    /// Unchanged origins that still stand for a current article of the source.
    private func countCurrent(_ origins: Set<String>, sourceID: String, db: Database) throws -> Int {
        guard !origins.isEmpty else { return 0 }
        let stored = try String.fetchAll(db.cachedStatement(sql: """
            SELECT origin FROM articles WHERE source_id = ? AND removed IS NULL AND origin IS NOT NULL
            """), arguments: [sourceID])
        return stored.reduce(0) { $0 + (origins.contains($1) ? 1 : 0) }
    }

    private func removeMissing(from sourceID: String, listing: Set<String>, refreshID: Int64, now: Date,
                               outcome: inout SourceOutcome, db: Database) throws {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, origin, title, link, story_id FROM articles
            WHERE source_id = ? AND removed IS NULL AND origin IS NOT NULL
            """), arguments: [sourceID])
        for row in rows where !listing.contains(row["origin"] as String) {
            let id: String = row["id"]
            try db.cachedStatement(sql: "UPDATE articles SET removed = ? WHERE id = ?").execute(arguments: [now.timeIntervalSince1970, id])
            if let story = row["story_id"] as String? { try electLead(of: story, db: db) }
            try db.cachedStatement(sql: """
                INSERT INTO change_events (refresh_id, at, kind, article_id, source_id, title, link, detail)
                VALUES (?, ?, 'removed', ?, ?, ?, ?, ?)
                """).execute(arguments: [refreshID, now.timeIntervalSince1970, id, sourceID, row["title"] as String,
                                 row["link"] as String?, "no longer at \(row["origin"] as String)"])
            outcome.removed += 1
        }
    }
}
