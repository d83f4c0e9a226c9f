import Foundation
import Model
import PostgresNIO

// Search on PostgreSQL: the same tokens, matches and scores as FTS5 on SQLite (Archive+Search.swift).
// The GIN index on `article_search.document` finds the newest candidates by the query's tokens alone
// (`SearchPlan.looseTsQuery`: no phrases, no columns, so the index decides without reading a document
// back); only the query's tokens' places are then read from each candidate's tsvector (`setweight` marks
// them, `ts_filter` keeps them: a few places per row instead of every lexeme), and the candidate is checked
// and scored against the plan here (`PostgresSearchRow`), with SearchRanking's formula: the numbers FTS5
// hands `finews_rank` (each phrase's instances by column, the row's tokens, the index's rows and tokens)
// are computed from the same tokens, so the scores agree. Only the page's articles are read.
extension PostgresArchive {
    public func search(_ query: SearchQuery, since: Date?, limit: Int, offset: Int,
                       timeLimit: Duration, rankedMatches: Int) throws(StoreError) -> [SearchHit] {
        let limit = max(0, min(limit, 500)), offset = max(0, offset)
        let plan = SearchPlan(query)
        let bound = max(rankedMatches, limit + offset)
        guard plan.root != nil, bound > 0 else { return [] }
        var filters = ""
        var binds: [PostgresBind] = [.text(plan.looseTsQuery)]
        if let since {
            binds.append(.double(since.timeIntervalSince1970))
            filters += " AND a.feed_time >= $\(binds.count)"
        }
        if !query.sources.isEmpty {
            binds.append(.texts(query.sources))
            filters += " AND a.source_id = ANY($\(binds.count))"
        }
        if !query.outlets.isEmpty {
            binds.append(.texts(query.outlets))
            filters += " AND a.outlet = ANY($\(binds.count))"
        }
        let before = binds.count + 1, count = binds.count + 2
        // The candidates newest first from the GIN index alone (partial indexes, one per kind of row: the
        // planner ORs two bitmap scans; a query of tokens alone needs no recheck of the documents, which a
        // phrase or a weight would have read back one by one), then each one's article looked up by its key
        // until the bound is reached (`OFFSET 0` keeps both subqueries as written: no hash join over every
        // article, no walk of the primary key testing each document).
        let sql = """
            SELECT c.article, c.tokens, c.exact, c.body_start, c.tails_start, c.title, c.body, c.tails, a.feed_time
            FROM (SELECT s.article, s.tokens, s.exact, s.body_start, s.tails_start, s.title, s.body, s.tails
                  FROM article_search s
                  WHERE ((s.exact AND s.document @@ $1::tsquery) OR (NOT s.exact AND s.document @@ $1::tsquery))
                    AND s.article < $\(before)
                  ORDER BY s.article DESC OFFSET 0) c
            CROSS JOIN LATERAL (SELECT a.feed_time FROM articles a
                                WHERE a.row_id = c.article AND a.removed IS NULL\(filters) OFFSET 0) a
            ORDER BY c.article DESC LIMIT $\(count)
            """
        let deadline = ContinuousClock.now.advanced(by: timeLimit)
        let timedOut = StoreError.query(path: location, reason: "the search took longer than \(timeLimit); try more specific words")
        let found: [(Article, Double)] = try read { session in
            try session.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            do {
                // Every statement here reads by key or through the GIN index. Without these the planner takes
                // a common word for a reason to walk `article_search` in key order testing each document
                // (each one read back from TOAST: 0.7 s for 2,000 matches of 中国 among 10,000 articles,
                // against 30 ms through the index).
                try session.query("SET LOCAL enable_seqscan = off")
                try session.query("SET LOCAL enable_indexscan = off")
                func timed(_ sql: String, _ binds: [PostgresBind]) throws -> [PostgresRow] {
                    let left = ContinuousClock.now.duration(to: deadline)
                    guard left > .zero else { throw timedOut }
                    let (seconds, attoseconds) = left.components
                    let milliseconds = max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
                    try session.query("SET LOCAL statement_timeout = \(milliseconds)")
                    do {
                        return try session.query(sql, binds)
                    } catch let error as PostgresStatementError where error.sqlState == "57014" {
                        throw timedOut
                    }
                }
                guard let totalsRow = try timed("SELECT rows, tokens FROM article_search_totals", []).first else {
                    throw PostgresStatementError(sql: "", reason: "article_search_totals has no row")
                }
                let totals = PostgresFields(totalsRow)
                let rows: Int64 = try totals.required("rows"), tokens: Int64 = try totals.required("tokens")
                var matches: [(rowID: Int64, score: Double, time: Double)] = []
                var last = Int64.max
                while matches.count < bound {
                    let wanted = bound - matches.count
                    let candidates = try timed(sql, binds + [.int(last), .int(Int64(wanted))])
                    var rowsByID: [Int64: PostgresSearchRow] = [:]
                    var exact: [Int64] = []
                    for candidate in candidates {
                        let columns = PostgresFields(candidate)
                        let id: Int64 = try columns.required("article")
                        if try columns.required("exact", as: Bool.self) {
                            exact.append(id)
                            rowsByID[id] = PostgresSearchRow(bodyStart: Int(try columns.required("body_start", as: Int32.self)),
                                                             tailsStart: Int(try columns.required("tails_start", as: Int32.self)))
                        } else {
                            rowsByID[id] = PostgresSearchRow(tokens: [try columns.optional("title") ?? "", try columns.optional("body") ?? "",
                                                                      try columns.optional("tails") ?? ""])
                        }
                    }
                    if !exact.isEmpty, !plan.exactTokens.isEmpty {
                        // The places of the query's tokens alone, whatever their column (their place says it).
                        for place in try timed("""
                            SELECT s.article, u.lexeme, u.positions
                            FROM article_search s, unnest(ts_filter(setweight(s.document, 'D', $2), '{D}')) u
                            WHERE s.article = ANY($1)
                            """, [.ints(exact), .texts(plan.exactTokens)]) {
                            let columns = PostgresFields(place)
                            try rowsByID[columns.required("article")]?.add(
                                lexeme: columns.required("lexeme"), positions: columns.required("positions", as: [Int16].self))
                        }
                    }
                    if !exact.isEmpty, !plan.prefixes.isEmpty {
                        // A prefix names no lexeme to mark: the row's lexemes are listed (one-character queries only).
                        for place in try timed("""
                            SELECT s.article, u.lexeme, u.positions FROM article_search s, unnest(s.document) u
                            WHERE s.article = ANY($1) AND u.lexeme LIKE ANY($2) AND NOT u.lexeme = ANY($3)
                            """, [.ints(exact), .texts(plan.prefixes.map { $0 + "%" }), .texts(plan.exactTokens)]) {
                            let columns = PostgresFields(place)
                            try rowsByID[columns.required("article")]?.add(
                                lexeme: columns.required("lexeme"), positions: columns.required("positions", as: [Int16].self))
                        }
                    }
                    for candidate in candidates {
                        let columns = PostgresFields(candidate)
                        let id: Int64 = try columns.required("article")
                        guard let row = rowsByID[id], let frequencies = row.frequencies(of: plan) else { continue }
                        let score = SearchRanking.score(frequencies: frequencies, length: try columns.required("tokens"),
                                                        rows: rows, totalTokens: tokens)
                        let time = try columns.required("feed_time", as: Double.self)
                        matches.append((rowID: id, score: score, time: time))
                    }
                    guard candidates.count == wanted, let end = candidates.last else { break }
                    last = try end.required("article", as: Int64.self)
                }
                matches.sort { $0.score != $1.score ? $0.score < $1.score : $0.time != $1.time ? $0.time > $1.time : $0.rowID > $1.rowID }
                func articles(_ ids: [Int64]) throws -> [Int64: Article] {
                    guard !ids.isEmpty else { return [:] }
                    var byID: [Int64: Article] = [:]
                    for row in try timed("SELECT * FROM articles WHERE row_id = ANY($1)", [.ints(ids)]) {
                        let id = try row.required("row_id", as: Int64.self)
                        byID[id] = try Article(postgres: row)
                    }
                    return byID
                }
                var kept: [(Article, Double)] = []
                let verified = query.verified
                if verified.isEmpty {
                    let page = matches.dropFirst(offset).prefix(limit)
                    let byID = try articles(page.map(\.rowID))
                    kept = page.compactMap { match in byID[match.rowID].map { ($0, match.score) } }
                } else {
                    // Best first, each checked for the terms the index could not decide, until the page is full.
                    var start = 0
                    while start < matches.count, kept.count < offset + limit {
                        let slice = matches[start..<min(matches.count, start + 64)]
                        let byID = try articles(slice.map(\.rowID))
                        for match in slice where kept.count < offset + limit {
                            guard let article = byID[match.rowID], verified.allSatisfy({ SearchSnippet.contains($0, in: article.title)
                                || SearchSnippet.contains($0, in: article.contentText) }) else { continue }
                            kept.append((article, match.score))
                        }
                        start += slice.count
                    }
                    kept = Array(kept.dropFirst(offset))
                }
                try session.query("COMMIT")
                return kept
            } catch {
                try session.query("ROLLBACK")
                throw error
            }
        }
        let needles = query.needles
        return found.map { article, score in
            SearchHit(article: article, score: score,
                      title: SearchSnippet.parts(of: article.title, needles: needles, wholeText: true),
                      snippet: SearchSnippet.parts(of: article.contentText, needles: needles))
        }
    }
}

/// One indexed row as the ranking sees it: where the query's tokens stand in each column (title, body,
/// tails), read from its tsvector's places or, for a row kept without places, from its tokens.
struct PostgresSearchRow {
    static let weights = [4.0, 1.0, 0.5]
    /// Per column: token → its places, ascending.
    var places: [[Substring: [Int]]] = [[:], [:], [:]]

    /// Where the body's and the tails' places start (PostgresSearchDocument), for a row read from its places.
    let bodyStart: Int, tailsStart: Int

    init(bodyStart: Int, tailsStart: Int) {
        self.bodyStart = bodyStart
        self.tailsStart = tailsStart
    }

    /// From a row's token texts (title, body, tails): every token, at its place in its column.
    init(tokens columns: [String]) {
        bodyStart = 0
        tailsStart = 0
        for (column, text) in columns.enumerated() {
            for (place, token) in text.split(separator: " ").enumerated() { places[column][token, default: []].append(place) }
        }
    }

    /// A lexeme of the row's tsvector and its places, each in the column its place falls in.
    mutating func add(lexeme: String, positions: [Int16]) {
        for position in positions.map(Int.init) {
            let column = position < bodyStart ? 0 : position < tailsStart ? 1 : 2
            places[column][Substring(lexeme), default: []].append(position)
        }
    }

    /// Each phrase's frequency (instances weighted by column, as `finews_rank` sums them), or nil when the
    /// row does not match the plan.
    func frequencies(of plan: SearchPlan) -> [Double]? {
        var frequencies = [Double](repeating: 0, count: max(plan.phrases.count, 1))
        var found = [Bool](repeating: false, count: plan.phrases.count)
        for (index, phrase) in plan.phrases.enumerated() {
            for column in phrase.inTails ? [2] : [0, 1] {
                let instances = self.instances(of: phrase, in: column)
                frequencies[index] += Double(instances) * Self.weights[column]
                if instances > 0 { found[index] = true }
            }
        }
        func matches(_ node: SearchPlan.Node) -> Bool {
            switch node {
            case .phrase(let index): found[index]
            case .all(let parts): parts.allSatisfy(matches)
            case .either(let left, let right): matches(left) || matches(right)
            case .without(let left, let right): matches(left) && !matches(right)
            }
        }
        guard let root = plan.root, matches(root) else { return nil }
        return frequencies
    }

    func instances(of phrase: SearchPlan.Phrase, in column: Int) -> Int {
        let places = places[column]
        if phrase.prefix {
            let prefix = phrase.tokens[0].utf8
            return places.reduce(0) { $0 + ($1.key.utf8.starts(with: prefix) ? $1.value.count : 0) }
        }
        guard let first = places[Substring(phrase.tokens[0])] else { return 0 }
        guard phrase.tokens.count > 1 else { return first.count }
        let rest = phrase.tokens.dropFirst().map { Set(places[Substring($0)] ?? []) }
        return first.count { start in rest.enumerated().allSatisfy { $1.contains(start + $0 + 1) } }
    }
}
