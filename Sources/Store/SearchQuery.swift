/// A search as a reader types it: words are ANDed, `"…"` is a phrase, `-word` excludes, `source:ID`
/// and `outlet:NAME` filter. Bounded in length and terms, so no query costs more than a few index
/// lookups per term.
public struct SearchQuery: Sendable, Equatable {
    public static let maximumLength = 200
    public static let maximumTerms = 12

    /// Words and phrases every result holds, as typed (for highlighting).
    public var terms: [String]
    public var excluded: [String]
    public var sources: [String]
    public var outlets: [String]

    public init(terms: [String], excluded: [String] = [], sources: [String] = [], outlets: [String] = []) {
        self.terms = terms
        self.excluded = excluded
        self.sources = sources
        self.outlets = outlets
    }

    public init(parsing text: String) throws(SearchQueryError) {
        guard text.count <= Self.maximumLength else { throw .tooLong(characters: text.count, limit: Self.maximumLength) }
        self.init(terms: [])
        for part in Self.split(text) {
            switch part {
            case .filter(let name, let value) where name == "source": sources.append(value)
            case .filter(let name, let value) where name == "outlet": outlets.append(value)
            case .filter(let name, let value): terms.append(name + ":" + value)
            case .term(let term, let negated):
                guard !SearchText.runs(of: SearchText.normalize(term)).isEmpty else { continue }
                if negated { excluded.append(term) } else { terms.append(term) }
            }
        }
        guard terms.count + excluded.count <= Self.maximumTerms else {
            throw .tooManyTerms(count: terms.count + excluded.count, limit: Self.maximumTerms)
        }
        guard !terms.isEmpty else { throw .noWords }
    }

    enum Part: Equatable {
        case term(String, negated: Bool)
        case filter(String, String)
    }

    /// Splits on whitespace outside quotes; `"`, `“` and `”` open and close phrases, and an unclosed
    /// phrase runs to the end.
    static func split(_ text: String) -> [Part] {
        var parts: [Part] = []
        var characters = Substring(text)[...]
        while let first = characters.first {
            if first.isWhitespace { characters.removeFirst(); continue }
            var negated = false
            if first == "-" || first == "－" {
                negated = true
                characters.removeFirst()
            }
            if let next = characters.first, next == "\"" || next == "“" {
                characters.removeFirst()
                let end = characters.firstIndex { $0 == "\"" || $0 == "”" } ?? characters.endIndex
                parts.append(.term(String(characters[..<end]), negated: negated))
                characters = end < characters.endIndex ? characters[characters.index(after: end)...] : characters[end...]
                continue
            }
            let end = characters.firstIndex(where: \.isWhitespace) ?? characters.endIndex
            let word = String(characters[..<end])
            characters = characters[end...]
            if !negated, let colon = word.firstIndex(of: ":"), ["source", "outlet"].contains(word[..<colon].lowercased()) {
                var value = String(word[word.index(after: colon)...])
                if value.hasPrefix("\"") || value.hasPrefix("“") {
                    // outlet:"Name with spaces": the value runs to the closing quote.
                    value.removeFirst()
                    if let close = value.firstIndex(where: { $0 == "\"" || $0 == "”" }) {
                        value = String(value[..<close])
                    } else {
                        let rest = characters.firstIndex { $0 == "\"" || $0 == "”" } ?? characters.endIndex
                        value += String(characters[..<rest])
                        characters = rest < characters.endIndex ? characters[characters.index(after: rest)...] : characters[rest...]
                    }
                }
                if !value.isEmpty { parts.append(.filter(word[..<colon].lowercased(), value)) }
                continue
            }
            if !word.isEmpty { parts.append(.term(word, negated: negated)) }
        }
        return parts
    }

    /// The FTS5 MATCH expression. Tokens hold only letters and digits, so quoting them is safe.
    var matchExpression: String {
        let positive = terms.compactMap { Self.expression(for: $0, verified: true) }.map { "(\($0))" }.joined(separator: " AND ")
        return excluded.compactMap { Self.expression(for: $0) }.reduce("(\(positive))") { "(\($0) NOT (\($1)))" }
    }

    /// Terms the index cannot decide alone, as letters and digits to find in a result's normalised title
    /// or text: a lone CJK character beside other letters (`2024年`, `A股`). The index only knows the
    /// bigrams it starts, so asking it would be a prefix query over all of them (every `年…` of the
    /// archive, the slowest query there is); the rest of the term is asked for instead and each result
    /// is checked for the whole term.
    var verified: [[Unicode.Scalar]] {
        terms.compactMap { term in
            let runs = SearchText.runs(of: SearchText.normalize(term))
            guard runs.contains(where: Self.isLoneCharacter), runs.contains(where: { !Self.isLoneCharacter($0) }) else { return nil }
            return runs.flatMap(\.scalars)
        }
    }

    static func isLoneCharacter(_ run: SearchText.Run) -> Bool { run.isCJK && run.scalars.count == 1 }

    /// A word or phrase: its multi-character runs as one phrase of tokens; a lone CJK character as a
    /// prefix of bigrams or a run's last character (SearchText.Document.tails), or left to `verified`
    /// when the term has other runs and `verified` is set.
    static func expression(for term: String, verified: Bool = false) -> String? {
        var parts: [String] = []
        var phrase: [String] = []
        func flush() {
            if !phrase.isEmpty { parts.append("{title body} : \"\(phrase.joined(separator: " "))\"") }
            phrase = []
        }
        let runs = SearchText.runs(of: SearchText.normalize(term))
        let leaveLoneCharacters = verified && runs.contains { !isLoneCharacter($0) }
        for run in runs {
            if isLoneCharacter(run) && leaveLoneCharacters {
                flush()
            } else if isLoneCharacter(run) {
                flush()
                let character = SearchText.string(run.scalars)
                parts.append("({title body} : \"\(character)\" * OR tails : \"\(character)\")")
            } else {
                phrase.append(contentsOf: SearchText.tokens(of: run))
            }
        }
        flush()
        return parts.isEmpty ? nil : parts.joined(separator: " AND ")
    }

    /// What to highlight: each term's letters and digits, normalised.
    var needles: [[Unicode.Scalar]] {
        terms.map { term in SearchText.runs(of: SearchText.normalize(term)).flatMap(\.scalars) }.filter { !$0.isEmpty }
    }
}

public enum SearchQueryError: Error, Sendable, Equatable, CustomStringConvertible {
    case tooLong(characters: Int, limit: Int)
    case tooManyTerms(count: Int, limit: Int)
    case noWords

    public var description: String {
        switch self {
        case let .tooLong(characters, limit): "the query is \(characters) characters long; at most \(limit) are allowed"
        case let .tooManyTerms(count, limit): "the query has \(count) words; at most \(limit) are allowed"
        case .noWords: "the query has no word to search for (filters such as source: need a word beside them)"
        }
    }
}
