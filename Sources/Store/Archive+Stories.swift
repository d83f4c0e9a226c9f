import Dedup
import Foundation
import GRDB
import GRDBSQLite
import Model

extension Archive {
    /// Files a new or revised article's fingerprint and, when the Dedup stage's matcher finds it a
    /// near-duplicate of an article already stored (a reprint by another outlet, perhaps in Traditional
    /// script), joins that article's story. Returns the lead's title for the `merged` event, or nil
    /// when it stands alone. `insertedRowID` is the rowid of an article inserted just now in this
    /// transaction: it has no bands and no story yet, so they are not looked up.
    func fileFingerprint(_ fingerprint: Fingerprint, articleID: String, title: String, insertedRowID: Int64?,
                         contentHash: String, now: Date, db: Database) throws -> (story: String, lead: String)? {
        let rowID: Int64
        if let insertedRowID {
            rowID = insertedRowID
        } else {
            guard let stored = try Int64.fetchOne(db.cachedStatement(sql: "SELECT rowid FROM articles WHERE id = ?"),
                arguments: [articleID]) else {
                return nil
            }
            rowID = stored
            try db.cachedStatement(sql: "DELETE FROM dedup_bands WHERE article = ?").execute(arguments: [rowID])
        }
        let matched = try storyMatcher.match(fingerprint, contentHash: contentHash,
                                             in: BandTable(db: db, excluding: rowID))
        if fingerprint.isMatchable { try fileBandKeys(fingerprint.bandKeys, article: rowID, db: db) }
        guard let matched, let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, story_id, title FROM articles WHERE rowid = ?"),
            arguments: [matched]) else { return nil }
        let match: (id: String, story: String, title: String) = (row["id"], (row["story_id"] as String?) ?? row["id"], row["title"])
        if insertedRowID == nil, let current = try String.fetchOne(db.cachedStatement(sql: "SELECT story_id FROM articles WHERE id = ?"),
            arguments: [articleID]), current == match.story {
            return nil
        }
        let lead = try join(articleID, story: match.story, leadCandidate: match.id, now: now, db: db)
        // The lead is nearly always the article itself or the one it matched, whose titles are at hand.
        if lead == articleID { return (match.story, title) }
        if lead == match.id { return (match.story, match.title) }
        let leadTitle = try String.fetchOne(db.cachedStatement(sql: """
            SELECT a.title FROM stories s JOIN articles a ON a.id = s.lead WHERE s.id = ?
            """), arguments: [match.story]) ?? match.title
        return (match.story, leadTitle)
    }

    /// An article's band rows (32) in one statement, bound directly: one row per statement cost a
    /// statement step each, and through `execute(arguments:)` an arguments array and GRDB's
    /// validation of it.
    private func fileBandKeys(_ keys: [Int64], article: Int64, db: Database) throws {
        guard !keys.isEmpty else { return }
        let insert = try db.cachedStatement(sql: keys.count < BandTable.sql.count ? BandTable.sql[keys.count].insert
                                                : BandTable.insertSQL(keys.count))
        let handle = insert.sqliteStatement
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        sqlite3_reset(handle)
        for (index, key) in keys.enumerated() { sqlite3_bind_int64(handle, Int32(index + 1), key) }
        sqlite3_bind_int64(handle, Int32(keys.count + 1), article)
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: insert.sql)
        }
    }

    /// The candidate lookup alone, for the benchmark: a read transaction of its own.
    public func nearDuplicateCandidates(for keys: [Int64]) throws(StoreError) -> [Int64] {
        try read { db in try storyMatcher.candidates(for: keys, in: BandTable(db: db, excluding: -1)) }
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

    /// Returns the story's lead after the join (nil when it has no current member).
    private func join(_ articleID: String, story: String, leadCandidate: String, now: Date, db: Database) throws -> String? {
        let current: String?
        if let recorded = try Row.fetchOne(db.cachedStatement(sql: "SELECT lead FROM stories WHERE id = ?"),
                                           arguments: [story]) {
            current = recorded[0]
        } else {
            try db.cachedStatement(sql: "INSERT INTO stories (id, created, lead) VALUES (?, ?, ?)")
                .execute(arguments: [story, now.timeIntervalSince1970, leadCandidate])
            try db.cachedStatement(sql: "UPDATE articles SET story_id = ? WHERE id = ?")
                .execute(arguments: [story, leadCandidate])
            current = leadCandidate
        }
        try db.cachedStatement(sql: "UPDATE articles SET story_id = ? WHERE id = ?").execute(arguments: [story, articleID])
        return try electLead(of: story, joining: articleID, current: current, db: db)
    }

    /// The story shows in feeds as its first published member still listed by its source. The lead is
    /// kept in `stories`, so a story of a thousand reprints costs two index lookups, not a thousand
    /// row updates, each time it grows.
    ///
    /// Only the previous lead and a joining member (which arrives standing alone, so with the flag
    /// set) can carry the flag wrongly; every other member already has it cleared.
    ///
    /// When a member joins and the recorded lead is still a current member, the rightful lead is the
    /// first of those two: every other change of a story (a member removed, restored, re-dated, or
    /// moved to another story) elects from all members, so the recorded lead is the first of the
    /// rest. A story of thousands of reprints sharing one minute would otherwise sort all of them
    /// each time one more joins.
    func electLead(of story: String, joining: String? = nil, db: Database) throws {
        let current = try String.fetchOne(db.cachedStatement(sql: "SELECT lead FROM stories WHERE id = ?"),
            arguments: [story])
        try electLead(of: story, joining: joining, current: current, db: db)
    }

    /// `current` is the lead `stories` records; returns the lead after the election (nil when the
    /// story has no current member: the record is then left as it was).
    @discardableResult
    private func electLead(of story: String, joining: String?, current: String?, db: Database) throws -> String? {
        var rightful: String?
        if let joining, let current, current != joining {
            let firstOfTwo = try String.fetchAll(db.cachedStatement(sql: """
                SELECT id FROM articles WHERE id IN (?, ?) AND story_id = ? AND removed IS NULL
                ORDER BY feed_time, first_seen, id
                """), arguments: [current, joining, story])
            if firstOfTwo.contains(current) { rightful = firstOfTwo.first }
        }
        if rightful == nil {
            rightful = try String.fetchOne(db.cachedStatement(sql: """
                SELECT id FROM articles INDEXED BY articles_story
                WHERE story_id = ? AND removed IS NULL ORDER BY feed_time, first_seen, id LIMIT 1
                """), arguments: [story])
        }
        // Rows whose flag is already right are not written again (the lead of a growing story is
        // elected again at each join).
        for id in Set([current, joining].compactMap { $0 }) where id != rightful {
            try db.cachedStatement(sql: "UPDATE articles SET story_lead = 0 WHERE id = ? AND story_lead != 0")
                .execute(arguments: [id])
        }
        guard let rightful else { return current }
        try db.cachedStatement(sql: "UPDATE articles SET story_lead = 1 WHERE id = ? AND story_lead != 1")
            .execute(arguments: [rightful])
        if rightful != current {
            try db.cachedStatement(sql: "UPDATE stories SET lead = ? WHERE id = ?").execute(arguments: [rightful, story])
        }
        return rightful
    }

    /// The other members of a story, first published first; at most `limit`, for a feed entry's
    /// "also reported by" list, which names and links them: their HTML and text are left empty.
    public func storyMembers(_ story: String, except articleID: String, limit: Int) throws(StoreError) -> [Article] {
        try read { db in
            try Article.fetchAll(db.cachedStatement(sql: """
                SELECT \(Self.articleColumns(emptying: ["content_html", "content_text"])) FROM articles INDEXED BY articles_story
                WHERE story_id = ? AND id != ? AND removed IS NULL ORDER BY feed_time, id LIMIT ?
                """), arguments: [story, articleID, limit])
        }
    }

    /// The categories and sources of every member of a story, for re-rendering what it shows in.
    public func storyScopes(_ story: String) throws(StoreError) -> (categories: Set<String>, sources: Set<String>) {
        try read { db in
            let categories = try String.fetchAll(db.cachedStatement(sql: """
                SELECT DISTINCT c.slug FROM articles a JOIN article_categories c ON c.article_id = a.id WHERE a.story_id = ?
                """), arguments: [story])
            let sources = try String.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT source_id FROM articles WHERE story_id = ?"),
                arguments: [story])
            return (Set(categories), Set(sources))
        }
    }
}

/// The band table and stored texts as the story matcher sees them, inside the caller's transaction.
struct BandTable: StoryCandidateLookup {
    let db: Database
    /// The article being filed, never its own candidate.
    let excluding: Int64

    func articles(inBand key: Int64, limit: Int) throws -> [Int64] {
        let probe = try db.cachedStatement(sql: """
            SELECT article FROM dedup_bands WHERE key = ? AND article != ? ORDER BY article DESC LIMIT ?
            """)
        return try Int64.fetchAll(probe, arguments: [key, excluding, limit])
    }

    /// The matcher's ranking, read with as few rows as it takes (`rank`).
    func candidates(sharingBands keys: [Int64], depth: Int, limit: Int) throws -> [Int64] {
        var ranking: [Int64] = []
        try rank(keys, depth: depth, limit: limit) { candidate in
            ranking.append(candidate)
            return false
        }
        return ranking
    }

    /// The ranking handed over candidate by candidate as soon as each one's rank is certain: for an
    /// identical copy (every band lists the newest copy first) the first candidate is certain after one
    /// row per band, and the matcher, which confirms it, reads nothing more.
    func firstCandidate(sharingBands keys: [Int64], depth: Int, limit: Int,
                        where accept: (Int64) throws -> Bool) throws -> Int64? {
        var accepted: Int64?
        try rank(keys, depth: depth, limit: limit) { candidate in
            guard try accept(candidate) else { return false }
            accepted = candidate
            return true
        }
        return accepted
    }

    /// Each band's probe is sorted newest first, so the probes are merged by article: an article's
    /// count (how many bands list it) is final when the merge passes it, and every article still to
    /// come is older. An article still to come can share at most the bands whose probes are not
    /// exhausted, and loses ties as the older, so a ranked article whose count is at least that many
    /// can be outranked by none of them: it is handed to `take` (in ranking order, each once) as soon as
    /// every article ranked before it has been; the merge stops when `take` returns true or `limit`
    /// articles have been handed over. Reading rows is the cost (a full tally reads `keys.count ×
    /// depth`, 2,048 for a text reprinted many times, and ranking them inside SQLite costs as much
    /// again). The ranking is exactly the tally's (`BandCandidateTests`).
    private func rank(_ keys: [Int64], depth: Int, limit: Int, take: (Int64) throws -> Bool) throws {
        guard !keys.isEmpty, limit > 0 else { return }
        // One statement per band, stepped side by side: a statement steps one query at a time.
        let probes = try keys.indices.map { band in
            try db.cachedStatement(sql: band < Self.sql.count ? Self.sql[band].probe : Self.probeSQL(band)).sqliteStatement
        }
        defer {
            for probe in probes {
                sqlite3_reset(probe)
                sqlite3_clear_bindings(probe)
            }
        }
        var heads: [Int64?] = []
        heads.reserveCapacity(keys.count)
        for (probe, key) in zip(probes, keys) {
            sqlite3_reset(probe)
            sqlite3_bind_int64(probe, 1, key)
            sqlite3_bind_int64(probe, 2, excluding)
            sqlite3_bind_int64(probe, 3, Int64(depth))
            heads.append(try step(probe))
        }
        var ranked: [(article: Int64, count: Int)] = []
        var handedOver = 0
        // Probes whose head the merge has passed; stepped only when the merge goes on.
        var passed: [Int] = []
        while true {
            for index in passed { heads[index] = try step(probes[index]) }
            passed.removeAll(keepingCapacity: true)
            guard let newest = heads.compactMap({ $0 }).max() else { break }
            var count = 0
            var alive = 0
            for index in heads.indices {
                guard let head = heads[index] else { continue }
                alive += 1
                if head == newest {
                    count += 1
                    passed.append(index)
                }
            }
            // Articles arrive newest first, so among equal counts the earlier one ranks first.
            if ranked.count < limit || count > ranked[ranked.count - 1].count {
                let position = ranked.firstIndex { $0.count < count } ?? ranked.count
                ranked.insert((newest, count), at: position)
                if ranked.count > limit { ranked.removeLast() }
            }
            while handedOver < ranked.count && ranked[handedOver].count >= alive {
                if try take(ranked[handedOver].article) { return }
                handedOver += 1
            }
            if handedOver == limit { return }
        }
        for candidate in ranked[handedOver...] {
            if try take(candidate.article) { return }
        }
    }

    /// A probe statement per band (the name of its column tells them apart in the statement cache)
    /// and the insert of n band rows, written out once: 32 of each were formatted for every article.
    static let sql = (0...64).map { (probe: probeSQL($0), insert: insertSQL($0)) }

    static func probeSQL(_ band: Int) -> String {
        "SELECT article AS band\(band) FROM dedup_bands WHERE key = ? AND article != ? ORDER BY article DESC LIMIT ?"
    }

    static func insertSQL(_ rows: Int) -> String {
        let values = (0..<rows).map { "(?\($0 + 1), ?\(rows + 1))" }.joined(separator: ", ")
        return "INSERT OR IGNORE INTO dedup_bands (key, article) VALUES \(values)"
    }

    /// The probe's next article, nil when it has no more.
    private func step(_ probe: SQLiteStatement) throws -> Int64? {
        switch sqlite3_step(probe) {
        case SQLITE_ROW: return sqlite3_column_int64(probe, 0)
        case SQLITE_DONE: return nil
        case let code: throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: String(cString: sqlite3_sql(probe)))
        }
    }

    func contentHash(of article: Int64) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT content_hash FROM articles WHERE rowid = ?"),
            arguments: [article])
    }

    func contentText(of article: Int64) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT content_text FROM articles WHERE rowid = ?"),
            arguments: [article])
    }
}
