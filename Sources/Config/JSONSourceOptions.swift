/// How a `json` source reads its API: how to ask (method, headers, body, signature), where the records
/// are, which field is which, which records to skip, and where the body comes from. Paths are
/// dot-separated keys and list indexes (`data.list`, `items.0.url`); a string holding JSON is entered
/// like an object (`ext.docurl`).
public struct JSONSourceOptions: Sendable, Equatable {
    /// The list of records in the list response; empty when the response is the list itself.
    public var records: String = ""
    public var fields = JSONFieldMap()
    /// Template of a request per record for its body: `{id}`, `{link}` or any record path in braces.
    /// Nil when the records carry their bodies.
    public var detailURL: String?
    /// What the detail request answers.
    public var detailFormat: DetailFormat = .json
    /// The body in a JSON or `__NEXT_DATA__` detail, first path that has one; defaults to `fields.body`.
    public var detailBody: [FieldPath]?
    /// Extraction rules for `detail_format: page`; nil: the generic extractor alone.
    public var detailRules: SiteRulesConfig?
    /// Template of the article's public link (`{id}` or record paths), for records without a link field.
    public var linkTemplate: String?
    /// What relative links are resolved against; the source URL by default.
    public var linkBase: String?
    /// Extra request headers (Referer, `x-app-id`, …) for the list and detail requests; may use the
    /// request placeholders.
    public var headers: [String: String] = [:]
    /// `POST` sends `body`.
    public var method: HTTPMethod = .get
    /// The POST body after placeholders are filled (`{now_ms}`, `{today-7}`, …).
    public var body: String?
    public var bodyType: BodyType = .json
    /// A named query signer applied to the list URL after its placeholders are filled.
    public var sign: QuerySigner?
    /// Records matching any of these are not news (ads, paid items, data releases) and are skipped.
    public var skip: [SkipCondition] = []
    /// How the API says a call failed; nil: no envelope check.
    public var envelope: Envelope?
    /// The outlet of records that name none (the site itself).
    public var outlet: String?

    public init() {}

    public enum DetailFormat: String, Sendable, Equatable, CaseIterable {
        /// A JSON API answering the body at `detail_body`.
        case json
        /// An HTML page whose `<script id="__NEXT_DATA__">` JSON holds the body at `detail_body`.
        case nextData = "next_data"
        /// An article page read by the extractor (with `detail_rules`).
        case page
    }

    public enum HTTPMethod: String, Sendable, Equatable { case get = "GET", post = "POST" }

    public enum BodyType: String, Sendable, Equatable, CaseIterable {
        case json, form

        public var contentType: String {
            switch self {
            case .json: "application/json;charset=UTF-8"
            case .form: "application/x-www-form-urlencoded"
            }
        }
    }

    public enum QuerySigner: String, Sendable, Equatable, CaseIterable {
        /// cls.cn: `appName=CailianpressWeb&os=web&sv=7.7.5` added, parameters sorted by name, then
        /// `sign=md5(hex(sha1(query)))`.
        case cls
    }
}

/// One way to read a field: a path, then optionally a filter on the text found there.
public struct FieldPath: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var filter: Filter?

    public enum Filter: String, Sendable, Equatable, CaseIterable {
        /// The leading `【…】` of a flash (its headline), without the brackets.
        case bracket
        /// The first sentence of the text (HTML tags dropped), for flashes without a headline.
        case sentence
        /// The text with HTML tags dropped.
        case text
    }

    public init(path: String, filter: Filter? = nil) {
        self.path = path
        self.filter = filter
    }

    public var description: String { filter.map { "\(path) | \($0.rawValue)" } ?? path }
}

/// Record field paths, each a list of alternatives tried in order. Absent fields are simply missing
/// from the article; only id or link is needed. `configured` names the fields the configuration (or
/// its recipe) set: those missing from every record mean the API changed.
public struct JSONFieldMap: Sendable, Equatable {
    public var id = [FieldPath(path: "id")]
    public var title = [FieldPath(path: "title")]
    public var link = [FieldPath(path: "url")]
    public var published = [FieldPath(path: "published")]
    public var outlet = [FieldPath(path: "source")]
    public var summary = [FieldPath(path: "summary")]
    public var body = [FieldPath(path: "content")]
    public var configured: [String] = []

    public init() {}
}

/// `path == value`, `path != value` or `path contains text`, compared as text (`true`/`false` for
/// booleans); an absent field equals nothing and contains nothing.
public struct SkipCondition: Sendable, Equatable, CustomStringConvertible {
    public enum Operator: String, Sendable, Equatable, CaseIterable {
        case equals = "==", notEquals = "!=", contains
    }

    public var path: String
    public var op: Operator
    public var value: String

    public init(path: String, op: Operator, value: String) {
        self.path = path
        self.op = op
        self.value = value
    }

    public var description: String { "\(path) \(op.rawValue) \(value)" }

    static func parse(_ text: String) -> SkipCondition? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for op in Operator.allCases {
            let separator = op == .contains ? " contains " : op.rawValue
            guard let range = trimmed.range(of: separator) else { continue }
            let path = trimmed[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            var value = trimmed[range.upperBound...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
                value = String(value.dropFirst().dropLast())
            }
            guard !path.isEmpty, !path.contains(" "), !value.isEmpty || op != .contains else { return nil }
            return SkipCondition(path: path, op: op, value: value)
        }
        return nil
    }
}

/// `{code: errno, ok: [0], message: msg}`: an answer whose `code` is present and none of `ok` is the
/// site saying no, and its `message` is the error.
public struct Envelope: Sendable, Equatable {
    public var code: String
    public var ok: [String]
    public var message: [String]

    public init(code: String, ok: [String], message: [String]) {
        self.code = code
        self.ok = ok
        self.message = message
    }
}
