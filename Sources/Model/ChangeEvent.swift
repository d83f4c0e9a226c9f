import Foundation

/// One line of the change log: what a refresh did to one article.
public struct ChangeEvent: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var refreshID: Int64
    public var at: Date
    public var kind: ChangeKind
    public var articleID: String
    public var sourceID: String
    public var title: String
    public var link: String?
    /// A short human summary: the diff of an update, the story a merge joined.
    public var detail: String?

    public init(id: Int64, refreshID: Int64, at: Date, kind: ChangeKind, articleID: String, sourceID: String,
                title: String, link: String?, detail: String?) {
        self.id = id
        self.refreshID = refreshID
        self.at = at
        self.kind = kind
        self.articleID = articleID
        self.sourceID = sourceID
        self.title = title
        self.link = link
        self.detail = detail
    }
}
