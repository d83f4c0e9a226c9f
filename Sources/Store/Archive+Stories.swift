import Dedup
import Foundation
import GRDB
import Model

extension Archive {
    /// Files a new or revised article's fingerprint and, when it is a near-duplicate of an article
    /// already stored (a reprint by another outlet, perhaps in Traditional script), joins that
    /// article's story. Returns the lead's title for the `merged` event, or nil when it stands alone.
    func fileFingerprint(_ fingerprint: Fingerprint, articleID: String, contentHash: String,
                         db: Database) throws -> (story: String, lead: String)? {
        guard let rowID = try Int64.fetchOne(db, sql: "SELECT rowid FROM articles WHERE id = ?", arguments: [articleID]) else {
            return nil
        }
        try db.execute(sql: "DELETE FROM dedup_bands WHERE article = ?", arguments: [rowID])
        fingerprintCache.store(fingerprint, for: contentHash)
        guard fingerprint.isMatchable else { return nil }
        let match = try confirmedMatch(for: fingerprint, excluding: rowID, db: db)
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO dedup_bands (key, article) VALUES (?, ?)")
        for key in fingerprint.bandKeys {
            try insert.execute(arguments: [key, rowID])
        }
        guard let match else { return nil }
        let current = try String.fetchOne(db, sql: "SELECT story_id FROM articles WHERE id = ?", arguments: [articleID])
        if let current, current == match.story { return nil }
        try join(articleID, story: match.story, leadCandidate: match.id, db: db)
        let lead = try String.fetchOne(db, sql: """
            SELECT a.title FROM stories s JOIN articles a ON a.id = s.lead WHERE s.id = ?
            """, arguments: [match.story]) ?? match.title
        return (match.story, lead)
    }

    /// The first candidate sharing bands whose exact similarity the policy accepts; candidates are
    /// tried most-shared-bands first, and their fingerprints are recomputed from the stored text.
    private func confirmedMatch(for fingerprint: Fingerprint, excluding rowID: Int64,
                                db: Database) throws -> (id: String, story: String, title: String)? {
        for candidate in try candidates(for: fingerprint.bandKeys, excluding: rowID, db: db) {
            guard let hash = try String.fetchOne(db, sql: "SELECT content_hash FROM articles WHERE rowid = ?",
                                                 arguments: [candidate]) else { continue }
            let other: Fingerprint
            if let cached = fingerprintCache.fingerprint(for: hash) {
                other = cached
            } else {
                guard let text = try String.fetchOne(db, sql: "SELECT content_text FROM articles WHERE rowid = ?",
                                                     arguments: [candidate]) else { continue }
                other = fingerprinter.fingerprint(text)
                fingerprintCache.store(other, for: hash)
            }
            guard duplicatePolicy.isDuplicate(fingerprint, other),
                  let row = try Row.fetchOne(db, sql: "SELECT id, story_id, title FROM articles WHERE rowid = ?",
                                             arguments: [candidate]) else { continue }
            let id: String = row["id"]
            return (id, (row["story_id"] as String?) ?? id, row["title"])
        }
        return nil
    }

    /// Articles sharing at least one band with the keys, most shared bands first, newest first among
    /// equals. Each band contributes at most its newest `bandDepth` articles: a story reprinted
    /// thousands of times would otherwise make every probe read thousands of rows (and a refresh
    /// quadratic), while its newest members still stand for it.
    func candidates(for keys: [Int64], excluding rowID: Int64, db: Database) throws -> [Int64] {
        let probe = try db.cachedStatement(sql: """
            SELECT article FROM dedup_bands WHERE key = ? AND article != ? ORDER BY article DESC LIMIT \(Self.bandDepth)
            """)
        var shared: [Int64: Int] = [:]
        for key in keys {
            for article in try Int64.fetchAll(probe, arguments: [key, rowID]) { shared[article, default: 0] += 1 }
        }
        return shared.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key > $1.key }
            .prefix(Self.candidateLimit).map(\.key)
    }

    static let bandDepth = 64

    /// The candidate lookup alone, for the benchmark: a read transaction of its own.
    public func nearDuplicateCandidates(for keys: [Int64]) throws(StoreError) -> [Int64] {
        try read { db in try candidates(for: keys, excluding: -1, db: db) }
    }

    /// Files band keys for a synthetic article row id, for the benchmark's million-fingerprint index.
    public func fileBands(_ rows: [(article: Int64, keys: [Int64])]) throws(StoreError) {
        try write { db in
            let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO dedup_bands (key, article) VALUES (?, ?)")
            for row in rows {
                for key in row.keys { try insert.execute(arguments: [key, row.article]) }
            }
        }
    }

    /// Candidates are confirmed one by one; a story reprinted more often than this is still found
    /// through its most similar members.
    static let candidateLimit = 16

    private func join(_ articleID: String, story: String, leadCandidate: String, db: Database) throws {
        if try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM stories WHERE id = ?)", arguments: [story])! {
            try db.execute(sql: "INSERT INTO stories (id, created, lead) VALUES (?, ?, ?)",
                           arguments: [story, Date().timeIntervalSince1970, leadCandidate])
            try db.execute(sql: "UPDATE articles SET story_id = ? WHERE id = ?", arguments: [story, leadCandidate])
        }
        try db.execute(sql: "UPDATE articles SET story_id = ? WHERE id = ?", arguments: [story, articleID])
        try electLead(of: story, joining: articleID, db: db)
    }

    /// The story shows in feeds as its first published member still listed by its source. The lead is
    /// kept in `stories`, so a story of a thousand reprints costs two index lookups, not a thousand
    /// row updates, each time it grows.
    ///
    /// Only the previous lead and a joining member (which arrives standing alone, so with the flag
    /// set) can carry the flag wrongly; every other member already has it cleared.
    func electLead(of story: String, joining: String? = nil, db: Database) throws {
        let rightful = try String.fetchOne(db, sql: """
            SELECT id FROM articles INDEXED BY articles_story
            WHERE story_id = ? AND removed IS NULL ORDER BY feed_time, first_seen, id LIMIT 1
            """, arguments: [story])
        let current = try String.fetchOne(db, sql: "SELECT lead FROM stories WHERE id = ?", arguments: [story])
        for id in Set([current, joining].compactMap { $0 }) where id != rightful {
            try db.execute(sql: "UPDATE articles SET story_lead = 0 WHERE id = ?", arguments: [id])
        }
        guard let rightful else { return }
        try db.execute(sql: "UPDATE articles SET story_lead = 1 WHERE id = ?", arguments: [rightful])
        if rightful != current {
            try db.execute(sql: "UPDATE stories SET lead = ? WHERE id = ?", arguments: [rightful, story])
        }
    }

    /// The other members of a story, first published first; at most `limit`, for a feed entry's
    /// "also reported by" list.
    public func storyMembers(_ story: String, except articleID: String, limit: Int = 20) throws(StoreError) -> [Article] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM articles INDEXED BY articles_story
                WHERE story_id = ? AND id != ? AND removed IS NULL ORDER BY feed_time, id LIMIT ?
                """, arguments: [story, articleID, limit]).map(Article.init(row:))
        }
    }

    /// The categories and sources of every member of a story, for re-rendering what it shows in.
    public func storyScopes(_ story: String) throws(StoreError) -> (categories: Set<String>, sources: Set<String>) {
        try read { db in
            let categories = try String.fetchAll(db, sql: """
                SELECT DISTINCT c.slug FROM articles a JOIN article_categories c ON c.article_id = a.id WHERE a.story_id = ?
                """, arguments: [story])
            let sources = try String.fetchAll(db, sql: "SELECT DISTINCT source_id FROM articles WHERE story_id = ?",
                                              arguments: [story])
            return (Set(categories), Set(sources))
        }
    }
}
