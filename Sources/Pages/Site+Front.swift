import Markup
import Model
import Server
import Store

extension Site {
    /// The latest stories, one entry per story, newest first, paged.
    func frontPage(_ query: QueryString) throws -> PageAnswer {
        guard let page = Self.pageNumber(query) else { return notFound("没有这一页 · No such page.") }
        let cards = try archive.frontPage(limit: Self.storiesPerPage + 1, offset: (page - 1) * Self.storiesPerPage)
        var body = "<h1>\(HTMLEscape.text(title))</h1>\n<p>\(HTMLEscape.text(description))</p>\n"
        if cards.isEmpty {
            body += "<p>还没有文章 · No articles yet.</p>\n"
        } else {
            body += "<ol class=\"stories\">\n"
            for card in cards.prefix(Self.storiesPerPage) { body += entry(card) }
            body += "</ol>\n"
        }
        body += pager(page: page, hasMore: cards.count > Self.storiesPerPage, path: root)
        return PageAnswer(body: layout.page(title: title, feeds: [layout.mainFeed], body: body))
    }

    private func entry(_ card: StoryCard) -> String {
        let article = card.lead
        var meta = [HTMLEscape.text(article.outlet ?? article.sourceID), layout.time(zoned(article))]
        if card.otherOutlets > 0 {
            let count = "\(card.otherOutlets)\(card.otherOutletsAtLeast ? "+" : "")"
            meta.append("<a href=\"\(HTMLEscape.attribute(root + "stories/" + card.storyID))\">另有 \(count) 家媒体报道 · also reported by \(count) outlet\(count == "1" ? "" : "s")</a>")
        }
        if article.isRevised {
            meta.append("<a class=\"edited\" href=\"\(HTMLEscape.attribute(root + "articles/" + article.id))#revisions\">已修改 · edited</a>")
        }
        return """
            <li><article>
            <h2><a href="\(HTMLEscape.attribute(root + "articles/" + article.id))">\(HTMLEscape.text(article.title))</a></h2>
            <p class="meta">\(meta.joined(separator: " · "))</p>
            <p class="summary">\(HTMLEscape.text(Layout.summary(article.contentText)))</p>
            </article></li>

            """
    }

    /// Previous and next links; `path` may already carry a query (`search?q=…`).
    func pager(page: Int, hasMore: Bool, path: String) -> String {
        guard page > 1 || hasMore else { return "" }
        let joiner = path.contains("?") ? "&" : "?"
        func link(_ number: Int) -> String { number == 1 ? path : path + joiner + "page=\(number)" }
        var html = "<nav class=\"pager\" aria-label=\"分页 · Pages\">"
        html += page > 1 ? "<a rel=\"prev\" href=\"\(HTMLEscape.attribute(link(page - 1)))\">← 较新 · Newer</a>" : "<span></span>"
        if hasMore && page < Self.maximumPage {
            html += "<a rel=\"next\" href=\"\(HTMLEscape.attribute(link(page + 1)))\">较早 · Older →</a>"
        }
        return html + "</nav>\n"
    }
}
