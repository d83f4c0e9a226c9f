import Foundation
import Markup
import Model
import Publish
import Server
import Store

extension Site {
    /// `/search?q=`: highlighted results, most relevant first, and the same search as feeds.
    func searchPage(_ query: QueryString) throws -> PageAnswer {
        let text = query["q"] ?? ""
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            let body = """
                <h1>搜索 · Search</h1>
                <p>词语之间是“与”；"…" 搜索短语；-词 排除；source:来源 和 outlet:媒体 过滤。简体和繁体都能找到。</p>
                <p>Words are ANDed; "…" is a phrase; -word excludes; source:ID and outlet:NAME filter. Simplified and Traditional script find each other.</p>
                """
            return PageAnswer(body: layout.page(title: "搜索 · Search", feeds: [layout.mainFeed], body: body))
        }
        guard let page = Self.pageNumber(query) else { return notFound("没有这一页 · No such page.") }
        let parsed: SearchQuery
        do {
            parsed = try SearchQuery(parsing: text)
        } catch {
            return PageAnswer(status: 400, body: layout.page(
                title: "搜索 · Search", feeds: [layout.mainFeed], query: text,
                body: "<h1>搜索 · Search</h1>\n<p class=\"error\">\(HTMLEscape.text(error.description))</p>"))
        }
        let hits: [SearchHit]
        do {
            hits = try archive.search(parsed, limit: Self.searchResultsPerPage + 1,
                                      offset: (page - 1) * Self.searchResultsPerPage)
        } catch {
            return PageAnswer(status: 503, body: layout.page(
                title: "搜索 · Search", feeds: [layout.mainFeed], query: text,
                body: "<h1>搜索 · Search</h1>\n<p class=\"error\">\(HTMLEscape.text(error.description))</p>"))
        }
        let encoded = QueryString.encode(text)
        let feed = Layout.Feed(title: "搜索 · Search: \(text)", atom: "search/atom.xml?q=" + encoded,
                               rss: "search/feed.xml?q=" + encoded, json: "search/feed.json?q=" + encoded)
        let e = HTMLEscape.attribute
        var body = """
            <h1>搜索 · Search: \(HTMLEscape.text(text))</h1>
            <p class="meta">订阅这个搜索 · Subscribe to this search: <a href="\(e(root + feed.atom))">Atom</a> · <a href="\(e(root + feed.rss))">RSS</a> · <a href="\(e(root + feed.json))">JSON Feed</a></p>

            """
        if hits.isEmpty {
            body += "<p>没有找到 · Nothing found.</p>\n"
        } else {
            body += "<ol class=\"results\">\n"
            for hit in hits.prefix(Self.searchResultsPerPage) {
                let article = hit.article
                body += """
                    <li><article>
                    <h2><a href="\(e(root + "articles/" + article.id))">\(Self.marked(hit.title))</a></h2>
                    <p class="meta">\(HTMLEscape.text(article.outlet ?? article.sourceID)) · \(layout.time(zoned(article)))</p>
                    <p class="summary">\(Self.marked(hit.snippet))</p>
                    </article></li>

                    """
            }
            body += "</ol>\n"
        }
        body += pager(page: page, hasMore: hits.count > Self.searchResultsPerPage, path: root + "search?q=" + encoded)
        return PageAnswer(body: layout.page(title: "搜索 · Search: \(text)", feeds: [layout.mainFeed, feed], query: text, body: body))
    }

    static func marked(_ parts: [SnippetPart]) -> String {
        parts.map { $0.isMatch ? "<mark>\(HTMLEscape.text($0.text))</mark>" : HTMLEscape.text($0.text) }.joined()
    }

    /// A saved search as a feed: the newest 50 results, rendered by the publisher's renderers.
    func searchFeed(_ query: QueryString, format: Publisher.Format) throws -> PageAnswer {
        let text = query["q"] ?? ""
        let parsed: SearchQuery
        do {
            parsed = try SearchQuery(parsing: text)
        } catch {
            return PageAnswer(status: 400, contentType: "text/plain; charset=utf-8", body: "search: \(error)\n")
        }
        let hits: [SearchHit]
        do {
            hits = try archive.search(parsed, limit: 50)
        } catch {
            return PageAnswer(status: 503, contentType: "text/plain; charset=utf-8", body: "search: \(error)\n")
        }
        let encoded = QueryString.encode(text)
        var view = FeedView(title: "\(title) · 搜索 \(text)", description: "\(description) — 搜索 · search: \(text)",
                            folder: "search/", articles: hits.map(\.article), fallbackUpdated: Date(timeIntervalSince1970: 0))
        view.selfQuery = "?q=" + encoded
        view.alternatePath = "search?q=" + encoded
        let type = switch format {
        case .atom: "application/atom+xml; charset=utf-8"
        case .rss: "application/rss+xml; charset=utf-8"
        case .json: "application/feed+json; charset=utf-8"
        }
        return PageAnswer(contentType: type, body: String(decoding: publisher.render(view, format), as: UTF8.self))
    }
}
