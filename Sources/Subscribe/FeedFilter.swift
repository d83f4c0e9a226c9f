import Foundation
import Model

/// A `FeedQuery`'s patterns, compiled: which articles a filtered feed keeps.
public struct FeedFilter: Sendable {
    public let query: FeedQuery
    private let include: [(FeedQuery.Field, Pattern)]
    private let exclude: [(FeedQuery.Field, Pattern)]

    public init(_ query: FeedQuery, variants: ScriptVariants? = .shared) throws(FeedQueryError) {
        self.query = query
        func compile(_ patterns: [FeedQuery.Field: String], name: (FeedQuery.Field) -> String) throws(FeedQueryError)
            -> [(FeedQuery.Field, Pattern)] {
            var compiled: [(FeedQuery.Field, Pattern)] = []
            for field in FeedQuery.Field.allCases {
                guard let source = patterns[field] else { continue }
                do {
                    compiled.append((field, try Pattern(source, caseSensitive: query.caseSensitive, variants: variants)))
                } catch {
                    throw .pattern(name(field), error)
                }
            }
            return compiled
        }
        include = try compile(query.include, name: FeedQuery.includeName)
        exclude = try compile(query.exclude, name: FeedQuery.excludeName)
    }

    /// Whether a filter looks at the articles at all (`limit`, `brief` and `opencc` alone do not).
    public var selects: Bool { !include.isEmpty || !exclude.isEmpty || query.maximumAge != nil }

    /// Every `filter…` pattern matches, no `filterout…` pattern does, and the entry is recent enough.
    /// `textAlreadyTried`: the article passed `mayKeep`, so its title and text patterns are not run again.
    public func keeps(_ article: Article, now: Date, textAlreadyTried: Bool = false) -> Bool {
        if let age = query.maximumAge {
            let date = article.published?.date ?? article.firstSeen
            guard now.timeIntervalSince(date) <= TimeInterval(age) else { return false }
        }
        for (field, pattern) in include where !(textAlreadyTried && field.isText) && !Self.matches(pattern, field, article) {
            return false
        }
        for (field, pattern) in exclude where !(textAlreadyTried && field.isText) && Self.matches(pattern, field, article) {
            return false
        }
        return true
    }

    /// The patterns on the title and the description alone, tried on their UTF-8 bytes before an article
    /// is made of them: false only when `keeps` would be false too, so a reader can skip such a row.
    public func mayKeep(title: UnsafeBufferPointer<UInt8>, text: UnsafeBufferPointer<UInt8>) -> Bool {
        func matches(_ pattern: Pattern, _ field: FeedQuery.Field) -> Bool? {
            switch field {
            case .any: pattern.matches(title) || pattern.matches(text)
            case .title: pattern.matches(title)
            case .description: pattern.matches(text)
            case .author, .category: nil
            }
        }
        // Keep in step with `Field.isText`: `keeps(textAlreadyTried:)` skips exactly these fields.
        for (field, pattern) in include where matches(pattern, field) == false { return false }
        for (field, pattern) in exclude where matches(pattern, field) == true { return false }
        return true
    }

    /// The description is matched as plain text, never as markup, so `filter=span` finds no tags.
    static func matches(_ pattern: Pattern, _ field: FeedQuery.Field, _ article: Article) -> Bool {
        switch field {
        case .any: pattern.matches(article.title) || pattern.matches(article.contentText)
        case .title: pattern.matches(article.title)
        case .description: pattern.matches(article.contentText)
        case .author: pattern.matches(any: [article.author, article.outlet].compactMap { $0 })
        case .category: pattern.matches(any: article.categories.flatMap { [$0.name, $0.slug] } + article.tags)
        }
    }
}

extension FeedQuery.Field {
    /// Matched on the title or the text, which `FeedFilter.mayKeep` sees as bytes.
    var isText: Bool {
        switch self {
        case .any, .title, .description: true
        case .author, .category: false
        }
    }
}
