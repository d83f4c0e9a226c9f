/// A search's structure, phrase by phrase, as `SearchQuery.matchExpression` writes it for FTS5: the same
/// phrases in the same order (FTS5 numbers phrases in the order they appear, and the ranking sums them
/// in that order), for the backends that do not speak FTS5. PostgreSQL's index gets it as a tsquery
/// (`tsQuery`), and its rows are checked and ranked against it (`PostgresSearchRow`).
struct SearchPlan: Equatable {
    /// Consecutive tokens in the title or body (`{title body} : "a b"`), a prefix of a title or body
    /// token (`{title body} : "a" *`), or a token of the tails (`tails : "a"`).
    struct Phrase: Equatable {
        var tokens: [String]
        var prefix = false
        var inTails = false
    }

    indirect enum Node: Equatable {
        case phrase(Int)
        case all([Node])
        case either(Node, Node)
        case without(Node, Node)
    }

    var phrases: [Phrase] = []
    /// nil when the query has no term the index can ask for (`SearchQuery` refuses such a query).
    var root: Node?

    init(_ query: SearchQuery) {
        var positive: [Node] = []
        for term in query.terms {
            if let node = self.term(for: term, verified: true) { positive.append(node) }
        }
        var root = positive.isEmpty ? nil : Node.all(positive)
        for excluded in query.excluded {
            guard let node = term(for: excluded, verified: false) else { continue }
            root = root.map { .without($0, node) }
        }
        self.root = root
    }

    /// `SearchQuery.expression(for:verified:)`, phrase for phrase.
    private mutating func term(for term: String, verified: Bool) -> Node? {
        var parts: [Node] = []
        var phrase: [String] = []
        func add(_ new: Phrase) -> Node {
            phrases.append(new)
            return .phrase(phrases.count - 1)
        }
        func flush() {
            if !phrase.isEmpty { parts.append(add(Phrase(tokens: phrase))) }
            phrase = []
        }
        let runs = SearchText.runs(of: SearchText.normalize(term))
        let leaveLoneCharacters = verified && runs.contains { !SearchQuery.isLoneCharacter($0) }
        for run in runs {
            if SearchQuery.isLoneCharacter(run) && leaveLoneCharacters {
                flush()
            } else if SearchQuery.isLoneCharacter(run) {
                flush()
                let character = SearchText.string(run.scalars)
                let inBody = add(Phrase(tokens: [character], prefix: true))
                parts.append(.either(inBody, add(Phrase(tokens: [character], inTails: true))))
            } else {
                phrase.append(contentsOf: SearchText.tokens(of: run))
            }
        }
        flush()
        return parts.isEmpty ? nil : .all(parts)
    }

    /// The FTS5 expression this plan stands for: `matchExpression`'s text (a test holds them equal).
    var ftsExpression: String {
        func render(_ node: Node) -> String {
            switch node {
            case .phrase(let index):
                let phrase = phrases[index]
                if phrase.inTails { return "tails : \"\(phrase.tokens[0])\"" }
                return "{title body} : \"\(phrase.tokens.joined(separator: " "))\"" + (phrase.prefix ? " *" : "")
            case .all(let parts):
                return parts.map { render($0) }.joined(separator: " AND ")
            case .either(let left, let right):
                return "(\(render(left)) OR \(render(right)))"
            case .without(let left, let right):
                return "(\(render(left)) NOT (\(render(right))))"
            }
        }
        guard let root else { return "()" }
        // matchExpression wraps each positive term in parentheses, and the ANDed terms once more.
        func positive(_ node: Node) -> String {
            switch node {
            case .all(let terms): "(" + terms.map { "(\(render($0)))" }.joined(separator: " AND ") + ")"
            case .without(let left, let right): "(\(positive(left)) NOT (\(render(right))))"
            default: render(node)
            }
        }
        return positive(root)
    }

    /// The PostgreSQL tsquery for documents built by `PostgresSearchDocument`: title lexemes weigh A, body
    /// B, tails C, and the columns' positions are apart, so `<->` (adjacent positions) never joins the
    /// end of the title to the start of the body.
    var tsQuery: String {
        func render(_ node: Node) -> String {
            switch node {
            case .phrase(let index):
                let phrase = phrases[index]
                if phrase.inTails { return "'\(phrase.tokens[0])':C" }
                if phrase.prefix { return "'\(phrase.tokens[0])':*AB" }
                return "(" + phrase.tokens.map { "'\($0)':AB" }.joined(separator: " <-> ") + ")"
            case .all(let parts): return "(" + parts.map(render).joined(separator: " & ") + ")"
            case .either(let left, let right): return "(\(render(left)) | \(render(right)))"
            case .without(let left, let right): return "(\(render(left)) & !\(render(right)))"
            }
        }
        return root.map(render) ?? ""
    }

    /// A tsquery every match of the plan satisfies, for documents kept without positions (too long for
    /// PostgreSQL's positions, `PostgresSearchDocument.isExact`): the positive phrases' tokens, anywhere.
    /// Those rows are then checked against the plan itself.
    var looseTsQuery: String {
        func render(_ node: Node) -> String? {
            switch node {
            case .phrase(let index):
                let phrase = phrases[index]
                if phrase.prefix { return "'\(phrase.tokens[0])':*" }
                return "(" + phrase.tokens.map { "'\($0)'" }.joined(separator: " & ") + ")"
            case .all(let parts):
                let rendered = parts.compactMap(render)
                return rendered.isEmpty ? nil : "(" + rendered.joined(separator: " & ") + ")"
            case .either(let left, let right):
                guard let left = render(left), let right = render(right) else { return nil }
                return "(\(left) | \(right))"
            case .without(let left, _): return render(left)
            }
        }
        return root.flatMap(render) ?? ""
    }

    /// Tokens whose places a row's ranking needs: every phrase's tokens; and the prefixes asked for.
    var exactTokens: [String] { Array(Set(phrases.filter { !$0.prefix }.flatMap(\.tokens))).sorted() }
    var prefixes: [String] { Array(Set(phrases.filter(\.prefix).map { $0.tokens[0] })).sorted() }
}
