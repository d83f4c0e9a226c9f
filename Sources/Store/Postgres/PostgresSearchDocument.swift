/// What PostgreSQL's search index holds for one article: SearchDocument's tokens (the same bigrams and
/// words FTS5 indexes on SQLite, already normalised and simplified) written directly as a `tsvector`,
/// never re-parsed by a text search configuration. Each token is a lexeme at its place: the title's
/// tokens at 1… with weight A, the body's after one unused place with weight B, the tails' after another
/// with weight C, so a phrase (`<->`) stays within a column and a column filter is a weight.
///
/// PostgreSQL keeps places only up to 16,383 and at most 256 of them per lexeme, and a lexeme shorter
/// than 2 KB. A document within those limits is exact (`isExact`). A longer one (an article of more than
/// about 16,000 characters) is kept as its distinct lexemes without places and with its tokens as text:
/// the index finds it by a looser query (`SearchPlan.looseTsQuery`) and the search checks and ranks it
/// from the tokens themselves, so it is found and ranked exactly as on SQLite. A lexeme of 2 KB or more
/// (a run of letters without a break) is left out: no query can ask for it (a query is at most 200
/// characters), and it still counts in the row's length.
struct PostgresSearchDocument: Equatable {
    static let lastPosition = 16_383
    static let positionsPerLexeme = 256
    static let longestLexeme = 2_046
    /// Below PostgreSQL's 1 MB limit on a tsvector, with room for its own layout.
    static let largestVector = 900_000

    let columns: [[Substring]]
    /// The `tsvector` literal.
    let vector: String
    let isExact: Bool
    /// The first places of the body's and the tails' tokens: a place's column, without its weight.
    let bodyStart: Int
    let tailsStart: Int
    /// Tokens in all three columns: the row's length for the ranking (FTS5's column size).
    var tokenCount: Int { columns.reduce(0) { $0 + $1.count } }

    init(_ document: SearchDocument) {
        columns = [document.title, document.body, document.tails].map { $0.split(separator: " ") }
        var places: [Substring: [(Int, Character)]] = [:]
        var order: [Substring] = []
        var position = 0
        var starts: [Int] = []
        for (column, weight) in zip(columns, ["A", "B", "C"] as [Character]) {
            starts.append(position + 1)
            for token in column {
                position += 1
                guard token.utf8.count <= Self.longestLexeme else { continue }
                if places[token] == nil { order.append(token) }
                places[token, default: []].append((position, weight))
            }
            position += 1
        }
        bodyStart = starts[1]
        tailsStart = starts[2]
        let fits = position - 1 <= Self.lastPosition && places.values.allSatisfy { $0.count <= Self.positionsPerLexeme }
        var vector = ""
        if fits {
            for token in order {
                if !vector.isEmpty { vector += " " }
                vector += "'\(token)':" + places[token, default: []].map { "\($0.0)\($0.1)" }.joined(separator: ",")
            }
        }
        if !fits || vector.utf8.count > Self.largestVector {
            isExact = false
            self.vector = order.map { "'\($0)'" }.joined(separator: " ")
        } else {
            isExact = true
            self.vector = vector
        }
    }
}
