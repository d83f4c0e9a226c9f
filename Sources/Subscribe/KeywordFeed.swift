import Model

/// A feed of its own defined in the configuration (`feeds:`): the articles of some sources and
/// categories (all when none are named) whose title or text matches an `include` pattern (any, or every
/// article when there are none) and no `exclude` pattern. Published under `feeds/<id>/`.
public struct KeywordFeed: Sendable, Equatable {
    public var id: String
    public var title: String
    public var include: [Pattern]
    public var exclude: [Pattern]
    public var sources: [String]
    /// Category slugs or names.
    public var categories: [String]

    public init(id: String, title: String, include: [Pattern] = [], exclude: [Pattern] = [], sources: [String] = [],
                categories: [String] = []) {
        self.id = id
        self.title = title
        self.include = include
        self.exclude = exclude
        self.sources = sources
        self.categories = categories
    }

    public var folder: String { "feeds/\(id)/" }

    /// Whether the article is within the feed's sources and categories, before any pattern.
    public func covers(_ article: Article) -> Bool {
        if !sources.isEmpty && !sources.contains(article.sourceID) { return false }
        if !categories.isEmpty && !article.categories.contains(where: { categories.contains($0.slug) || categories.contains($0.name) }) {
            return false
        }
        return true
    }

    public func matches(_ article: Article) -> Bool {
        guard covers(article) else { return false }
        let texts = [article.title, article.contentText]
        if !include.isEmpty && !include.contains(where: { $0.matches(any: texts) }) { return false }
        return !exclude.contains { $0.matches(any: texts) }
    }

    /// What shows in the output: a change of it renders the feed again.
    public var fingerprint: String {
        [id, title, include.map(\.source).joined(separator: "\u{1E}"), exclude.map(\.source).joined(separator: "\u{1E}"),
         sources.joined(separator: ","), categories.joined(separator: ",")].joined(separator: "\u{1D}")
    }

    public static func == (left: KeywordFeed, right: KeywordFeed) -> Bool { left.fingerprint == right.fingerprint }
}
