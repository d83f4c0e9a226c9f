import Foundation

/// RSSHub's common parameters, as a query string on any served feed
/// (`/atom.xml?filter=区块链&limit=10`). Names and meanings follow RSSHub's documentation; where finews
/// differs, the README says so and why.
public struct FeedQuery: Sendable, Hashable {
    /// `filter`, `filter_title`, … : every one given must match.
    public var include: [Field: String] = [:]
    /// `filterout`, `filterout_title`, … : any one matching drops the entry.
    public var exclude: [Field: String] = [:]
    /// `filter_time`: only entries published within this many seconds.
    public var maximumAge: Int?
    /// `filter_case_sensitive` (default true), for every pattern.
    public var caseSensitive = true
    /// `limit`: at most this many entries.
    public var limit: Int?
    /// `brief`: the description becomes plain text of at most this many characters (at least 100).
    public var brief: Int?
    /// `opencc`: a script conversion of titles and descriptions.
    public var conversion: String?

    /// Which text of an entry a pattern looks at.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        /// Title or description.
        case any = ""
        case title, description, author, category
    }

    public static let maximumLimit = 10_000
    public static let minimumBrief = 100
    /// A longer query string is refused outright.
    public static let maximumQueryLength = 4096

    public init() {}

    /// Whether anything asks for more than the published file.
    public var isEmpty: Bool { self == FeedQuery() }

    /// Parses the query string of a request (without the `?`). Parameters that are not RSSHub's common
    /// parameters are ignored, as RSSHub does, so cache-busting suffixes keep working; a misspelt
    /// `filter…` parameter or a bad value is an error.
    public static func parse(_ query: Substring) throws(FeedQueryError) -> FeedQuery {
        guard query.utf8.count <= maximumQueryLength else { throw .tooLong(limit: maximumQueryLength) }
        var parsed = FeedQuery()
        var seen: Set<String> = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]) else { throw .undecodable(String(parts[0])) }
            guard let value = decode(parts.count > 1 ? parts[1] : "") else { throw .undecodable(name) }
            guard isKnown(name) else {
                if name.hasPrefix("filter") { throw .unknown(name) }
                continue
            }
            guard seen.insert(name).inserted else { throw .repeated(name) }
            try parsed.set(name, value)
        }
        return parsed
    }

    static func isKnown(_ name: String) -> Bool {
        if ["filter_time", "filter_case_sensitive", "limit", "brief", "opencc"].contains(name) { return true }
        return Field.allCases.contains { name == includeName($0) || name == excludeName($0) }
    }

    static func includeName(_ field: Field) -> String { field == .any ? "filter" : "filter_" + field.rawValue }
    static func excludeName(_ field: Field) -> String { field == .any ? "filterout" : "filterout_" + field.rawValue }

    private mutating func set(_ name: String, _ value: String) throws(FeedQueryError) {
        switch name {
        case "filter_time":
            guard let seconds = Int(value), seconds > 0 else { throw .badValue(name, "a positive number of seconds") }
            maximumAge = seconds
        case "filter_case_sensitive":
            switch value.lowercased() {
            case "true", "1", "": caseSensitive = true
            case "false", "0": caseSensitive = false
            default: throw .badValue(name, "true or false")
            }
        case "limit":
            guard let count = Int(value), (1...Self.maximumLimit).contains(count) else {
                throw .badValue(name, "a number from 1 to \(Self.maximumLimit)")
            }
            limit = count
        case "brief":
            guard let count = Int(value), (Self.minimumBrief...100_000).contains(count) else {
                throw .badValue(name, "a number of characters, at least \(Self.minimumBrief)")
            }
            brief = count
        case "opencc":
            guard ScriptConverter.names.contains(value) else {
                throw .badValue(name, "one of \(ScriptConverter.names.joined(separator: ", "))")
            }
            conversion = value
        default:
            guard !value.isEmpty else { throw .badValue(name, "a regular expression") }
            for field in Field.allCases {
                if name == Self.includeName(field) { include[field] = value }
                if name == Self.excludeName(field) { exclude[field] = value }
            }
        }
    }

    /// `application/x-www-form-urlencoded`: `+` is a space (RSSHub reads queries the same way), `%XX` a byte.
    static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// The canonical query, percent-encoded for a URL (`filter=%E5%8C%BA…&limit=10`).
    public var queryString: String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~")
        return canonical.split(separator: "\u{1F}").map { part in
            let pair = part.split(separator: "=", maxSplits: 1)
            return pair.map { String($0).addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }.joined(separator: "=")
        }.joined(separator: "&")
    }

    /// One spelling per meaning, for cache keys and ETags: parameter order and encoding do not matter.
    public var canonical: String {
        var parts: [String] = []
        for field in Field.allCases {
            if let value = include[field] { parts.append(Self.includeName(field) + "=" + value) }
            if let value = exclude[field] { parts.append(Self.excludeName(field) + "=" + value) }
        }
        if let maximumAge { parts.append("filter_time=\(maximumAge)") }
        if !caseSensitive { parts.append("filter_case_sensitive=false") }
        if let limit { parts.append("limit=\(limit)") }
        if let brief { parts.append("brief=\(brief)") }
        if let conversion { parts.append("opencc=" + conversion) }
        return parts.sorted().joined(separator: "\u{1F}")
    }
}

public enum FeedQueryError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooLong(limit: Int)
    case undecodable(String)
    case unknown(String)
    case repeated(String)
    case badValue(String, String)
    case pattern(String, PatternError)

    public var description: String {
        switch self {
        case .tooLong(let limit): "query longer than \(limit) bytes"
        case .undecodable(let name): "'\(name)': bad percent-encoding"
        case .unknown(let name):
            "unknown parameter '\(name)' (filters: filter, filter_title, filter_description, filter_author, "
                + "filter_category, filter_time, filterout, filterout_title, filterout_description, filterout_author, "
                + "filterout_category, filter_case_sensitive)"
        case .repeated(let name): "'\(name)' given more than once"
        case let .badValue(name, expected): "'\(name)' must be \(expected)"
        case let .pattern(name, error): "'\(name)': \(error)"
        }
    }
}
