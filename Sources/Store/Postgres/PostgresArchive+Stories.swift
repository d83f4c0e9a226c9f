import Dedup
import Foundation
import Model

// Near-duplicate filing on PostgreSQL: `Archive+Stories.swift`'s rules (the Dedup stage's matcher over
// the band table, the join, the lead's election) on the writer's session.
extension PostgresArchive {
    /// Files a new or revised article's fingerprint and joins the story of the stored article it
    /// near-duplicates. Returns the story and its lead's title for the `merged` event, or nil when the
    /// article stands alone (or was in that story already). `inserted`: the article's row was inserted
    /// just now, so it has no story yet. `storyID` is the story it was in before this write. `ranking`:
    /// the band keys filed and the candidates ranked with the insert (`insertNew`); nil to do both here.
    func fileFingerprint(_ fingerprint: Fingerprint, articleID: String, title: String, rowID: Int64, inserted: Bool,
                         storyID: String?, contentHash: String, ranking: BandRanking?, now: Date,
                         session: PostgresSession) throws -> (story: String, lead: String)? {
        if !inserted {
            try session.query("DELETE FROM dedup_bands WHERE article = $1", [.int(rowID)])
        }
        let matched = try storyMatcher.match(fingerprint, contentHash: contentHash,
                                             in: PostgresBandTable(session: session, excluding: rowID, known: ranking))
        if ranking == nil && fingerprint.isMatchable && !fingerprint.bandKeys.isEmpty {
            try session.query("""
                INSERT INTO dedup_bands (key, article) SELECT key, $2 FROM unnest($1::BIGINT[]) AS band(key)
                ON CONFLICT DO NOTHING
                """, [.ints(fingerprint.bandKeys), .int(rowID)])
        }
        guard let matched, let row = try session.query("SELECT id, story_id, title FROM articles WHERE row_id = $1",
                                                       [.int(matched)]).first else { return nil }
        let fields = row.fields
        let matchID = try fields.string("id")
        let match = (id: matchID, story: try fields.optionalString("story_id") ?? matchID, title: try fields.string("title"))
        // Unchanged by this write so far: updating an article and electing its story's lead leave its story alone.
        if !inserted, storyID == match.story { return nil }
        let lead = try join(articleID, story: match.story, leadCandidate: match.id, now: now, session: session)
        if lead == articleID { return (match.story, title) }
        if lead == match.id { return (match.story, match.title) }
        let leadTitle = try session.query("""
            SELECT a.title FROM stories s JOIN articles a ON a.id = s.lead WHERE s.id = $1
            """, [.text(match.story)]).first.map { try $0.fields.string("title") } ?? match.title
        return (match.story, leadTitle)
    }

    /// The candidate lookup alone (`Archive.nearDuplicateCandidates`), for the benchmark and the tests.
    public func nearDuplicateCandidates(for keys: [Int64]) throws(StoreError) -> [Int64] {
        try read { session in try storyMatcher.candidates(for: keys, in: PostgresBandTable(session: session, excluding: -1, known: nil)) }
    }

    /// Files band keys for synthetic article row ids (`Archive.fileBands`).
    public func fileBands(_ rows: [(article: Int64, keys: [Int64])]) throws(StoreError) {
        try write { session in
            for row in rows {
                try session.query("""
                    INSERT INTO dedup_bands (key, article) SELECT key, $2 FROM unnest($1::BIGINT[]) AS band(key)
                    ON CONFLICT DO NOTHING
                    """, [.ints(row.keys), .int(row.article)])
            }
        }
    }

    /// Returns the story's lead after the join (nil when it has no current member).
    private func join(_ articleID: String, story: String, leadCandidate: String, now: Date,
                      session: PostgresSession) throws -> String? {
        let current: String?
        if let recorded = try session.query("SELECT lead FROM stories WHERE id = $1", [.text(story)]).first {
            current = try recorded.fields.optionalString("lead")
        } else {
            try session.query("INSERT INTO stories (id, created, lead) VALUES ($1, $2, $3)",
                              [.text(story), .double(now.timeIntervalSince1970), .text(leadCandidate)])
            try session.query("UPDATE articles SET story_id = $1 WHERE id = $2", [.text(story), .text(leadCandidate)])
            current = leadCandidate
        }
        try session.query("UPDATE articles SET story_id = $1 WHERE id = $2", [.text(story), .text(articleID)])
        return try electLead(of: story, joining: articleID, current: current, session: session)
    }

    /// The story's lead elected again after a member changed (`Archive.electLead` says how).
    func electLead(of story: String, session: PostgresSession) throws {
        let current = try session.query("SELECT lead FROM stories WHERE id = $1", [.text(story)]).first
            .flatMap { try $0.fields.optionalString("lead") }
        try electLead(of: story, joining: nil, current: current, session: session)
    }

    /// `current` is the lead `stories` records; returns the lead after the election (nil when the story
    /// has no current member: the record is then left as it was). Ties in time are broken by id compared
    /// bytewise, as SQLite compares text.
    @discardableResult
    private func electLead(of story: String, joining: String?, current: String?, session: PostgresSession) throws -> String? {
        var rightful: String?
        if let joining, let current, current != joining {
            let firstOfTwo = try session.query("""
                SELECT id FROM articles WHERE id IN ($1, $2) AND story_id = $3 AND removed IS NULL
                ORDER BY feed_time, first_seen, id COLLATE "C"
                """, [.text(current), .text(joining), .text(story)]).map { try $0.fields.string("id") }
            if firstOfTwo.contains(current) { rightful = firstOfTwo.first }
        }
        if rightful == nil {
            rightful = try session.query("""
                SELECT id FROM articles WHERE story_id = $1 AND removed IS NULL
                ORDER BY feed_time, first_seen, id COLLATE "C" LIMIT 1
                """, [.text(story)]).first.map { try $0.fields.string("id") }
        }
        for id in Set([current, joining].compactMap { $0 }) where id != rightful {
            try session.query("UPDATE articles SET story_lead = 0 WHERE id = $1 AND story_lead != 0", [.text(id)])
        }
        guard let rightful else { return current }
        try session.query("UPDATE articles SET story_lead = 1 WHERE id = $1 AND story_lead != 1", [.text(rightful)])
        if rightful != current {
            try session.query("UPDATE stories SET lead = $1 WHERE id = $2", [.text(rightful), .text(story)])
        }
        return rightful
    }
}

/// The band table and stored texts as the story matcher sees them, inside the writer's transaction
/// (`BandTable` on SQLite). The 32 band probes go to the server as one statement: each key's newest
/// `depth` articles (a lateral subquery per key, so each band is cut at its own depth as SQLite's probes
/// are), tallied and ranked there, most shared bands first, newest first among equals: exactly the
/// ranking `StoryCandidateLookup` defines, in one round trip instead of 32.
struct PostgresBandTable: StoryCandidateLookup {
    let session: PostgresSession
    /// The article being filed, never its own candidate.
    let excluding: Int64
    /// The ranking already read with the article's insert, answered without asking the server again.
    let known: BandRanking?

    func articles(inBand key: Int64, limit: Int) throws -> [Int64] {
        try session.query("""
            SELECT article FROM dedup_bands WHERE key = $1 AND article != $2 ORDER BY article DESC LIMIT $3
            """, [.int(key), .int(excluding), .int(Int64(limit))]).map { try $0.fields.int64("article") }
    }

    func candidates(sharingBands keys: [Int64], depth: Int, limit: Int) throws -> [Int64] {
        guard !keys.isEmpty, limit > 0 else { return [] }
        if let known, known.keys == keys, known.depth == depth, known.limit == limit { return known.candidates }
        return try session.query("""
            SELECT article FROM (\(Self.rankingSQL(keys: "$1", excluding: "$2", depth: "$3", limit: "$4"))) AS ranked
            ORDER BY shared DESC, article DESC
            """, [.ints(keys), .int(excluding), .int(Int64(depth)), .int(Int64(limit))])
            .map { try $0.fields.int64("article") }
    }

    /// Articles (`article`) with how many of the keys' bands list them (`shared`), each band cut at its
    /// newest `depth` (a lateral subquery per key, as SQLite's probes are cut), the best `limit` of them:
    /// most shared first, newest first among equals. Unordered as it stands: the caller orders it.
    static func rankingSQL(keys: String, excluding: String?, depth: String, limit: String) -> String {
        """
        SELECT probe.article, count(*) AS shared
        FROM unnest(\(keys)::BIGINT[]) AS band(key)
        CROSS JOIN LATERAL (
            SELECT article FROM dedup_bands WHERE key = band.key\(excluding.map { " AND article != \($0)" } ?? "")
            ORDER BY article DESC LIMIT \(depth)
        ) AS probe
        GROUP BY probe.article ORDER BY shared DESC, probe.article DESC LIMIT \(limit)
        """
    }

    func contentHash(of article: Int64) throws -> String? {
        if let hash = known?.hashes[article] { return hash }
        return try session.query("SELECT content_hash FROM articles WHERE row_id = $1", [.int(article)]).first
            .map { try $0.fields.string("content_hash") }
    }

    func contentText(of article: Int64) throws -> String? {
        try session.query("SELECT content_text FROM articles WHERE row_id = $1", [.int(article)]).first
            .map { try $0.fields.string("content_text") }
    }
}

/// A candidate ranking read ahead (`PostgresArchive.insertNew`): for these keys, depth and limit, these
/// candidates in order, and their content hashes.
struct BandRanking {
    var keys: [Int64]
    var depth: Int
    var limit: Int
    var candidates: [Int64]
    var hashes: [Int64: String]
}
