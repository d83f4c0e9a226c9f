import Foundation
import Model
import PostgresNIO

// The PostgreSQL writer: what `Archive+Writing.swift` does on SQLite, statement for statement, so both
// archives hold the same rows after the same writes (PostgresWritingTests). Runs on the writer's session,
// inside the transaction of `apply` or of a group (`PostgresArchiveTransaction`).
extension PostgresArchive {
    public func apply(_ batch: SourceBatch, refreshID: Int64, at now: Date) throws(StoreError) -> SourceOutcome {
        try write { session in try apply(batch, refreshID: refreshID, at: now, session: session) }
    }

    /// The batch inside the caller's transaction.
    func apply(_ batch: SourceBatch, refreshID: Int64, at now: Date, session: PostgresSession) throws -> SourceOutcome {
        var outcome = SourceOutcome(sourceID: batch.sourceID)
        outcome.errors = batch.errors
        outcome.failure = batch.failure
        outcome.skipped = batch.skipped
        outcome.unchanged += try countUnchanged(batch, session: session)
        let known = try recordSource(of: batch, readingStoredVersions: batch.articleIDs, now: now, session: session)
        var seen: [String: String] = [:]
        for (article, id) in zip(batch.articles, batch.articleIDs) {
            if let earlier = seen[article.itemID] {
                outcome.errors.append(ChangeWording.repeatedItem(article, earlier: earlier))
                continue
            }
            seen[article.itemID] = article.origin ?? article.itemID
            try store(article, id: id, known: known[id], batch: batch, refreshID: refreshID, now: now, outcome: &outcome,
                      session: session)
        }
        if !batch.checkedOrigins.isEmpty {
            try session.query("""
                UPDATE articles SET last_checked = $1
                WHERE source_id = $2 AND md5(origin) = ANY(ARRAY(SELECT md5(checked) FROM unnest($3::TEXT[]) AS checked))
                    AND origin = ANY($3)
                """, [.double(now.timeIntervalSince1970), .text(batch.sourceID), .texts(Array(batch.checkedOrigins))])
        }
        if batch.failure == nil, let listing = batch.completeListing {
            try removeMissing(from: batch.sourceID, listing: listing, refreshID: refreshID, now: now,
                              outcome: &outcome, session: session)
        }
        try addToRefreshTotals(outcome, refreshID: refreshID, session: session)
        return outcome
    }

    /// The source's row for this refresh, with this batch added to what earlier parts stored, in one
    /// statement: the counts added, the error lists joined (both are JSON lists written by `Archive.json`,
    /// so joining their texts gives the text of the joined list), the first failure kept.
    private func addToRefreshTotals(_ outcome: SourceOutcome, refreshID: Int64, session: PostgresSession) throws {
        try session.query("""
            INSERT INTO refresh_sources AS earlier (refresh_id, source_id, new, updated, unchanged, removed, errors, failure)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (refresh_id, source_id) DO UPDATE SET new = earlier.new + excluded.new,
                updated = earlier.updated + excluded.updated, unchanged = earlier.unchanged + excluded.unchanged,
                removed = earlier.removed + excluded.removed,
                errors = CASE WHEN excluded.errors = '[]' THEN earlier.errors
                              WHEN earlier.errors = '[]' THEN excluded.errors
                              ELSE left(earlier.errors, -1) || ',' || substr(excluded.errors, 2) END,
                failure = coalesce(earlier.failure, excluded.failure)
            """, [.int(refreshID), .text(outcome.sourceID), .int(Int64(outcome.new)), .int(Int64(outcome.updated)),
                  .int(Int64(outcome.unchanged)), .int(Int64(outcome.removed)), .text(try Archive.json(outcome.errors)),
                  .text(outcome.failure)])
    }

    /// Records the source (its kind and title as configured now) and reads what the writer needs to know
    /// of the batch's stored articles before writing any: whether each is stored, and whether it changed.
    /// One statement: a refresh mostly finds its articles new or unchanged, and each statement is a round
    /// trip to the server. No write of the batch changes these columns of another article of it (a
    /// repeated item id is skipped), so they stay right while it runs.
    private func recordSource(of batch: SourceBatch, readingStoredVersions ids: [String], now: Date,
                              session: PostgresSession) throws -> [String: StoredVersionStamp] {
        var found: [String: StoredVersionStamp] = [:]
        for row in try session.query("""
            WITH source AS (
                INSERT INTO sources (id, kind, title, first_seen) VALUES ($1, $2, $3, $4)
                ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, title = excluded.title
            )
            SELECT id, content_hash, removed IS NOT NULL AS is_removed, origin, origin_stamp FROM articles WHERE id = ANY($5)
            """, [.text(batch.sourceID), .text(batch.kind), .text(batch.title), .double(now.timeIntervalSince1970),
                  .texts(ids)]) {
            let fields = row.fields
            found[try fields.string("id")] = StoredVersionStamp(
                contentHash: try fields.string("content_hash"), isRemoved: try fields.required("is_removed", as: Bool.self),
                origin: try fields.optionalString("origin"), originStamp: try fields.optionalString("origin_stamp"))
        }
        return found
    }

    private func store(_ article: PreparedArticle, id: String, known: StoredVersionStamp?, batch: SourceBatch,
                       refreshID: Int64, now: Date, outcome: inout SourceOutcome, session: PostgresSession) throws {
        let hash = article.contentHash
        guard let known else {
            let inserted = try insertNew(article, id: id, sourceID: batch.sourceID, hash: hash, refreshID: refreshID,
                                         now: now, session: session)
            outcome.new += 1
            try fileStory(article, id: id, rowID: inserted.rowID, inserted: true, storyID: nil, hash: hash,
                          ranking: inserted.ranking, batch: batch, refreshID: refreshID, now: now, outcome: &outcome,
                          session: session)
            return
        }
        if known.contentHash == hash && !known.isRemoved {
            if known.origin != article.origin || known.originStamp != article.originStamp {
                try session.query("UPDATE articles SET origin = $1, origin_stamp = $2 WHERE id = $3",
                                  [.text(article.origin), .text(article.originStamp), .text(id)])
            }
            outcome.unchanged += 1
            return
        }
        guard let row = try session.query("""
            SELECT row_id, id, version, title, link, published, published_offset, outlet, author, content_html,
                content_text, content_hash, first_seen, removed, origin, origin_stamp, story_id
            FROM articles WHERE id = $1
            """, [.text(id)]).first else {
            throw PostgresStatementError(sql: "SELECT … FROM articles", reason: "article \(id) vanished during its batch")
        }
        let existing = try StoredArticle(row)
        let wasRemoved = existing.removed != nil
        var details: [String] = []
        var newsworthy = wasRemoved
        if wasRemoved { details.append(ChangeWording.restored) }
        if existing.revision.contentHash != hash {
            let change = RevisionSummary(old: existing.revision.compared, new: article)
            try keepRevision(of: existing.revision, summary: change, now: now, session: session)
            details.append(change.text)
            newsworthy = newsworthy || !change.trivial
        }
        try update(id, with: article, hash: hash, firstSeen: existing.firstSeen, now: now, bumpUpdated: newsworthy,
                   session: session)
        try recordEvent(.updated, articleID: id, sourceID: batch.sourceID, article: article,
                        detail: details.joined(separator: "; "), refreshID: refreshID, now: now, session: session)
        outcome.updated += 1
        if let story = existing.storyID { try electLead(of: story, session: session) }
        if existing.revision.contentText != article.contentText {
            try fileStory(article, id: id, rowID: existing.rowID, inserted: false, storyID: existing.storyID, hash: hash,
                          ranking: nil, batch: batch, refreshID: refreshID, now: now, outcome: &outcome, session: session)
        }
    }

    private func fileStory(_ article: PreparedArticle, id: String, rowID: Int64, inserted: Bool, storyID: String?,
                           hash: String, ranking: BandRanking?, batch: SourceBatch, refreshID: Int64, now: Date,
                           outcome: inout SourceOutcome, session: PostgresSession) throws {
        guard let joined = try fileFingerprint(article.fingerprint, articleID: id, title: article.title, rowID: rowID,
                                               inserted: inserted, storyID: storyID, contentHash: hash, ranking: ranking,
                                               now: now, session: session) else {
            return
        }
        try recordEvent(.merged, articleID: id, sourceID: batch.sourceID, article: article,
                        detail: ChangeWording.merged(lead: joined.lead, story: joined.story),
                        refreshID: refreshID, now: now, session: session)
        outcome.merged += 1
    }

    /// Current articles of the source the reading left alone because they have not changed.
    private func countUnchanged(_ batch: SourceBatch, session: PostgresSession) throws -> Int {
        switch batch.unchanged {
        case .count(let count):
            return count
        case .allNotRead:
            let read = batch.checkedOrigins.union(batch.articles.compactMap(\.origin))
            // Counted by the server: only the origins read are sent, not the source's whole list.
            let row = try session.query("""
                SELECT count(*) AS unread FROM articles
                WHERE source_id = $1 AND removed IS NULL AND origin IS NOT NULL AND NOT (origin = ANY($2))
                """, [.text(batch.sourceID), .texts(Array(read))]).first
            return try row.map { try $0.fields.int("unread") } ?? 0
        }
    }

    private func removeMissing(from sourceID: String, listing: Set<String>, refreshID: Int64, now: Date,
                               outcome: inout SourceOutcome, session: PostgresSession) throws {
        // Ids and origins only: the last part of a first import compares every article of the source.
        // The few missing ones are read again below, in the order SQLite's scan finds them (its index
        // on (source_id, origin), origins compared bytewise, then rowid), so both logs list them alike.
        var missing: [String] = []
        for row in try session.query("""
            SELECT id, origin FROM articles WHERE source_id = $1 AND removed IS NULL AND origin IS NOT NULL
            ORDER BY origin COLLATE "C", row_id
            """, [.text(sourceID)]) {
            let fields = row.fields
            if !listing.contains(try fields.string("origin")) { missing.append(try fields.string("id")) }
        }
        for id in missing {
            guard let row = try session.query("SELECT origin, title, link, story_id FROM articles WHERE id = $1",
                                              [.text(id)]).first else { continue }
            let fields = row.fields
            try session.query("UPDATE articles SET removed = $1 WHERE id = $2", [.double(now.timeIntervalSince1970), .text(id)])
            if let story = try fields.optionalString("story_id") { try electLead(of: story, session: session) }
            try session.query("""
                INSERT INTO change_events (refresh_id, at, kind, article_id, source_id, title, link, detail)
                VALUES ($1, $2, 'removed', $3, $4, $5, $6, $7)
                """, [.int(refreshID), .double(now.timeIntervalSince1970), .text(id), .text(sourceID),
                      .text(try fields.string("title")), .text(try fields.optionalString("link")),
                      .text(ChangeWording.removed(origin: try fields.string("origin")))])
            outcome.removed += 1
        }
    }
}

/// The columns of a stored article that tell whether a new version changed it.
struct StoredVersionStamp {
    var contentHash: String
    var isRemoved: Bool
    var origin: String?
    var originStamp: String?
}

/// An article's stored row as the writer compares it with a new version.
struct StoredArticle {
    var rowID: Int64
    var revision: StoredRevision
    var firstSeen: Double
    var removed: Double?
    var origin: String?
    var originStamp: String?
    var storyID: String?

    init(_ row: PostgresRow) throws {
        let fields = row.fields
        rowID = try fields.int64("row_id")
        revision = try StoredRevision(fields)
        firstSeen = try fields.double("first_seen")
        removed = try fields.optionalDouble("removed")
        origin = try fields.optionalString("origin")
        originStamp = try fields.optionalString("origin_stamp")
        storyID = try fields.optionalString("story_id")
    }
}

/// The columns of the version a revision keeps.
struct StoredRevision {
    var articleID: String
    var version: Int64
    var title: String
    var link: String?
    var published: Double?
    var publishedOffset: Int64?
    var outlet: String?
    var author: String?
    var contentHTML: String
    var contentText: String
    var contentHash: String

    init(_ fields: PostgresFields) throws {
        articleID = try fields.string("id")
        version = try fields.int64("version")
        title = try fields.string("title")
        link = try fields.optionalString("link")
        published = try fields.optionalDouble("published")
        publishedOffset = try fields.optional("published_offset")
        outlet = try fields.optionalString("outlet")
        author = try fields.optionalString("author")
        contentHTML = try fields.string("content_html")
        contentText = try fields.string("content_text")
        contentHash = try fields.string("content_hash")
    }

    var compared: RevisionSummary.StoredVersion {
        .init(title: title, contentText: contentText, link: link, outlet: outlet, author: author, published: published)
    }
}
