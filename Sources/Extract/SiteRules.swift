/// Per-host XPath selectors from the configuration; each one given overrides the generic extractor
/// for that field (issue 4, item 2).
public struct SiteRules: Sendable, Equatable {
    public var title: String?
    /// The element whose text (or `datetime`/`content` attribute) holds the publish time.
    public var published: String?
    public var body: String?
    /// Parts of the body to leave out (share bars, related links, …).
    public var remove: [String]

    public init(title: String? = nil, published: String? = nil, body: String? = nil, remove: [String] = []) {
        self.title = title
        self.published = published
        self.body = body
        self.remove = remove
    }
}
