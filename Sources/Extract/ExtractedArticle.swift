public import Model

/// What the extractor found on one page. `contentHTML` is sanitized; `contentText` is its plain text,
/// one line per block.
public struct ExtractedArticle: Sendable, Equatable {
    public var title: String?
    public var published: ZonedDate?
    public var author: String?
    public var outlet: String?
    public var contentHTML: String
    public var contentText: String

    public init(title: String?, published: ZonedDate?, author: String?, outlet: String?,
                contentHTML: String, contentText: String) {
        self.title = title
        self.published = published
        self.author = author
        self.outlet = outlet
        self.contentHTML = contentHTML
        self.contentText = contentText
    }
}
