/// How an `html` source finds its article pages and reads them.
public struct HTMLSourceOptions: Sendable, Equatable {
    /// XPath expressions selecting the article links (`a` elements or `href` attributes) on the list
    /// page; empty: links are found automatically (same site, article-like paths, not navigation).
    public var links: [String] = []
    /// Article pages fetched per refresh at most; the rest wait for the next refresh.
    public var maxArticles = 30
    /// Extraction rules for the article pages; nil: the generic extractor alone.
    public var rules: SiteRulesConfig?

    public init() {}
}

/// XPath rules overriding the generic extractor, field by field (`Extract.SiteRules`).
public struct SiteRulesConfig: Sendable, Equatable {
    public var title: String?
    /// The element holding the publish time (its text, `datetime` or `content`).
    public var time: String?
    public var body: String?
    /// Parts of the body to leave out: share bars, related links, editor lines.
    public var remove: [String] = []

    public init(title: String? = nil, time: String? = nil, body: String? = nil, remove: [String] = []) {
        self.title = title
        self.time = time
        self.body = body
        self.remove = remove
    }
}

extension HTMLSourceOptions {
    static func read(_ entry: inout ConfigMapping) throws(ConfigError) -> HTMLSourceOptions {
        var options = HTMLSourceOptions()
        options.links = try entry.strings("links") ?? [] // automatic
        options.maxArticles = try entry.int("max_articles", in: 1...1000) ?? options.maxArticles // 30
        if var rules = try entry.mapping("rules") {
            options.rules = SiteRulesConfig(
                title: try rules.string("title"), // the extractor's choice
                time: try rules.string("time"), // metadata, byline, URL
                body: try rules.string("body"), // the best-scoring block
                remove: try rules.strings("remove") ?? []) // nothing beyond the generic noise
            try rules.rejectUnknownKeys()
        }
        return options
    }
}
