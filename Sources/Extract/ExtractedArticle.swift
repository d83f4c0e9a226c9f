public import Model

/// What the extractor found on one page. `bodyHTML` is the article's part of the page as found, not
/// sanitized: whoever shows or stores it sanitizes it (the refresh's preparation stage, the `extract`
/// command).
public struct ExtractedArticle: Sendable, Equatable {
    public var title: String?
    public var published: ZonedDate?
    public var author: String?
    public var outlet: String?
    public var bodyHTML: String
    /// What the body's relative links resolve against: the page URL the extractor was given, else the
    /// page's own.
    public var baseURL: String?
    /// The page's own URL as the page states it (`<link rel="canonical">`, `og:url`), absolute.
    public var link: String?

    public init(title: String?, published: ZonedDate?, author: String?, outlet: String?,
                bodyHTML: String, baseURL: String? = nil, link: String? = nil) {
        self.title = title
        self.published = published
        self.author = author
        self.outlet = outlet
        self.bodyHTML = bodyHTML
        self.baseURL = baseURL ?? link
        self.link = link
    }
}
