import Dedup
import Foundation
import GRDB
import Model

extension Archive {
    /// Files a new or revised article's fingerprint and, when it is a near-duplicate of an article
    /// already stored (a reprint by another outlet, perhaps in Traditional script), joins that
    /// article's story. Returns the lead's title for the `merged` event, or nil when it stands alone.
    func fileFingerprint(_ fingerprint: Fingerprint, articleID: String, db: Database) throws -> (story: String, lead: String)? {
        try db.execute(sql: "DELETE FROM dedup_bands WHERE article_id = ?", arguments: [articleID])
        guard fingerprint.isMatchable else { return nil }
        let match = try confirmedMatch(for: fingerprint, excluding: articleID, db: db)
        for key in fingerprint.bandKeys {
            try db.execute(sql: "INSERT OR IGNORE INTO dedup_bands (key, article_id) VALUES (?, ?)", arguments: [key, articleID])
        }
        guard let match else { return nil }
        let current = try String.fetchOne(db, sql: "SELECT story_id FROM articles WHERE id = ?", arguments: [articleID])
        if let current, current == match.story { return nil }
        try join(articleID, story: match.story, leadCandidate: match.id, db: db)
        let lead = try String.fetchOne(db, sql: """
            SELECT title FROM articles WHERE story_id = ? AND story_lead = 1 LIMIT 1
            """, arguments: [match.story]) ?? match.title
        return (match.story, lead)
    }

    /// The first candidate sharing bands whose exact similarity the policy accepts; candidates are
    /// tried most-shared-bands first, and their fingerprints are recomputed from the stored text.
    private func confirmedMatch(for fingerprint: Fingerprint, excluding articleID: String,
                                db: Database) throws -> (id: String, story: String, title: String)? {
        let keys = fingerprint.bandKeys
        let placeholders = Array(repeating: "?", count: keys.count).joined(separator: ",")
        let candidates = try Row.fetchAll(db, sql: """
            SELECT b.article_id, COUNT(*) AS shared FROM dedup_bands b
            WHERE b.key IN (\(placeholders)) AND b.article_id != ?
            GROUP BY b.article_id ORDER BY shared DESC, b.article_id LIMIT \(Self.candidateLimit)
            """, arguments: StatementArguments(keys.map { $0 as any DatabaseValueConvertible } + [articleID]))
        for candidate in candidates {
            let id: String = candidate["article_id"]
            guard let row = try Row.fetchOne(db, sql: """
                SELECT content_text, story_id, title FROM articles WHERE id = ?
                """, arguments: [id]) else { continue }
            let other = fingerprinter.fingerprint(row["content_text"] as String)
            if duplicatePolicy.isDuplicate(fingerprint, other) {
                return (id, (row["story_id"] as String?) ?? id, row["title"])
            }
        }
        return nil
    }

    /// Candidates are confirmed one by one; a story reprinted more often than this is still found
    /// through its most similar members.
    static let candidateLimit = 16

    private func join(_ articleID: String, story: String, leadCandidate: String, db: Database) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO stories (id, created) VALUES (?, ?)",
                       arguments: [story, Date().timeIntervalSince1970])
        try db.execute(sql: "UPDATE articles SET story_id = ? WHERE id IN (?, ?) AND story_id IS NULL",
                       arguments: [story, leadCandidate, articleID])
        try db.execute(sql: "UPDATE articles SET story_id = ? WHERE id = ?", arguments: [story, articleID])
        try electLead(of: story, db: db)
    }

    /// The story shows in feeds as its first published member still listed by its source.
    func electLead(of story: String, db: Database) throws {
        try db.execute(sql: """
            UPDATE articles SET story_lead = (id = (
                SELECT id FROM articles WHERE story_id = ?1 AND removed IS NULL ORDER BY feed_time, first_seen, id LIMIT 1))
            WHERE story_id = ?1
            """, arguments: [story])
    }

    /// The other members of a story, first published first.
    public func storyMembers(_ story: String, except articleID: String) throws(StoreError) -> [Article] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM articles WHERE story_id = ? AND id != ? AND removed IS NULL ORDER BY feed_time, id
                """, arguments: [story, articleID]).map(Article.init(row:))
        }
    }
}
