import Foundation
import Markup
import Model

/// What `brief` and `opencc` do to an entry: a plain-text description of at most N characters, and
/// titles, descriptions and bylines in another script.
public struct EntryRewrite: Sendable {
    public let brief: Int?
    public let converter: ScriptConverter?

    public init(_ query: FeedQuery) throws(ScriptConverterError) {
        brief = query.brief
        converter = try query.conversion.map { name throws(ScriptConverterError) in try ScriptConverter.shared(name) }
    }

    public var isIdentity: Bool { brief == nil && converter == nil }

    public func apply(_ article: Article) -> Article {
        var article = article
        if let brief {
            let words = article.contentText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            let text = words.count > brief ? String(words.prefix(brief)) + "…" : words
            article.contentHTML = "<p>" + HTMLEscape.text(text) + "</p>"
            article.contentText = text
        }
        if let converter {
            article.title = converter.convert(article.title)
            article.contentHTML = converter.convert(article.contentHTML)
            article.author = article.author.map(converter.convert)
            article.outlet = article.outlet.map(converter.convert)
            article.categories = article.categories.map { Category(slug: $0.slug, name: converter.convert($0.name)) }
        }
        return article
    }

    public func apply(_ text: String) -> String { converter?.convert(text) ?? text }
}
