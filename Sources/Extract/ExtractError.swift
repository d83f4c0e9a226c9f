/// An article page that yielded no article. `location` is the page URL or file.
public enum ExtractError: Error, Equatable, Sendable {
    case emptyDocument(location: String)
    case noArticle(location: String)
}
