public import Foundation
import Markup
import Model
public import Publish
public import Server
public import Store

/// The pages read in a browser, rendered from the archive on each request: the front page, stories,
/// articles with their revisions, search (as a page and as feeds), feeds and sources. Pure rendering:
/// what it needs comes in as values, and it never writes.
public struct Site: Sendable {
    public var archive: any ArchiveStore
    public var publisher: Publisher
    public var title: String
    public var description: String
    public var language: String
    public var timeZone: TimeZone
    public var root: String

    public static let storiesPerPage = 30
    /// Beyond this a page number is refused: paging is for browsing, not for walking the archive.
    public static let maximumPage = 200
    public static let searchResultsPerPage = 20
    /// A query string longer than this is refused before it is read (SearchQuery bounds the query).
    public static let maximumQueryBytes = 2048

    public init(archive: any ArchiveStore, publisher: Publisher, title: String, description: String, language: String,
                timeZone: TimeZone, baseURL: String) {
        self.archive = archive
        self.publisher = publisher
        self.title = title
        self.description = description
        self.language = language
        self.timeZone = timeZone
        var root = URL(string: baseURL)?.path ?? "/"
        if !root.hasPrefix("/") { root = "/" + root }
        if !root.hasSuffix("/") { root += "/" }
        self.root = root
    }

    var layout: Layout { Layout(siteTitle: title, language: language, root: root) }

    /// nil: no such page here (the server then tries its files).
    public func answer(path: String, query rawQuery: String?, summary: () async -> SiteSummary) async -> PageAnswer? {
        if let rawQuery, rawQuery.utf8.count > Self.maximumQueryBytes {
            return error(414, "查询太长 · The query string is too long.")
        }
        let query = QueryString(rawQuery ?? "")
        do {
            switch path {
            case "/", "/index.html": return try frontPage(query)
            case "/style.css": return PageAnswer(contentType: "text/css; charset=utf-8", body: Layout.stylesheet)
            case "/feeds": return FeedsPage.render(await summary(), layout: layout, description: description)
            case "/sources": return try SourcesPage.render(await summary(), archive: archive, layout: layout, zone: timeZone)
            case "/search": return try searchPage(query)
            case "/search/atom.xml": return try searchFeed(query, format: .atom)
            case "/search/feed.xml": return try searchFeed(query, format: .rss)
            case "/search/feed.json": return try searchFeed(query, format: .json)
            default: break
            }
            if let id = Self.identifier(after: "/stories/", in: path) { return try storyPage(id) }
            if let id = Self.identifier(after: "/articles/", in: path) { return try articlePage(id, query) }
            return nil
        } catch {
            return self.error(500, "读取存档出错 · The archive could not be read: \(error)")
        }
    }

    /// Ids are hex (articles) or an article's id (stories); anything else is not one.
    static func identifier(after prefix: String, in path: String) -> String? {
        guard path.hasPrefix(prefix) else { return nil }
        let id = String(path.dropFirst(prefix.count))
        guard !id.isEmpty, id.count <= 64, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { return "" }
        return id
    }

    func error(_ status: Int, _ message: String, title: String = "出错了 · Error") -> PageAnswer {
        let body = "<h1>\(HTMLEscape.text(title))</h1>\n<p class=\"error\">\(HTMLEscape.text(message))</p>"
        return PageAnswer(status: status, body: layout.page(title: title, feeds: [layout.mainFeed], body: body))
    }

    func notFound(_ what: String) -> PageAnswer {
        error(404, what, title: "找不到 · Not found")
    }

    func zoned(_ article: Article) -> ZonedDate {
        article.published ?? ZonedDate(date: article.firstSeen, timeZone: timeZone)
    }

    func zoned(_ date: Date) -> ZonedDate { ZonedDate(date: date, timeZone: timeZone) }

    /// A page number from `?page=`, 1 when absent; nil when it is not one we serve.
    static func pageNumber(_ query: QueryString) -> Int? {
        guard let text = query["page"] else { return 1 }
        guard let page = Int(text), page >= 1, page <= maximumPage else { return nil }
        return page
    }
}
