/// An article page that yielded no article. `location` is the page URL, or "-" when none was given.
public enum ExtractError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing but whitespace, or markup without any text.
    case emptyDocument(location: String)
    /// Bytes that are not text (NUL bytes, control characters, replacement characters).
    case notText(location: String)
    /// A page with text, but no block of it reads like an article.
    case noArticle(location: String)
    /// A site rule's XPath expression that libxml2 rejects.
    case invalidRule(expression: String, location: String)

    public var description: String {
        switch self {
        case let .emptyDocument(location): "\(location): the page has no text"
        case let .notText(location): "\(location): the page is binary, not HTML text"
        case let .noArticle(location): "\(location): no article found on the page"
        case let .invalidRule(expression, location): "\(location): site rule XPath is invalid: \(expression)"
        }
    }
}
