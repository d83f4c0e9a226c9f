import Markup
import Model
import Server
import Store

extension Site {
    /// Every article of a story side by side, with outlets and times, first published first.
    func storyPage(_ id: String) throws -> PageAnswer {
        let members = id.isEmpty ? [] : try archive.story(id)
        guard let first = members.first(where: { $0.removed == nil && $0.isStoryLead }) ?? members.first else {
            return notFound("没有这个报道 · There is no story \(id).")
        }
        let outlets = Set(members.map { $0.outlet ?? $0.sourceID }).count
        var body = """
            <h1>\(HTMLEscape.text(first.title))</h1>
            <p class="meta">\(members.count) 篇文章，\(outlets) 家媒体 · \(members.count) article\(members.count == 1 ? "" : "s") from \(outlets) outlet\(outlets == 1 ? "" : "s")</p>
            <ul class="members">

            """
        for article in members {
            let link = article.link.map {
                " · <a href=\"\(HTMLEscape.attribute($0))\">原文 · original at \(HTMLEscape.text(article.outlet ?? article.sourceID))</a>"
            } ?? ""
            body += """
                <li><article>
                <h2>\(HTMLEscape.text(article.outlet ?? article.sourceID))</h2>
                <p class="meta">\(layout.time(zoned(article)))\(article.removed == nil ? "" : " · 已撤下 · removed")\(article.isRevised ? " · <span class=\"edited\">已修改 · edited</span>" : "")</p>
                <p><a href="\(HTMLEscape.attribute(root + "articles/" + article.id))">\(HTMLEscape.text(article.title))</a>\(link)</p>
                <p class="summary">\(HTMLEscape.text(Layout.summary(article.contentText, length: 220)))</p>
                </article></li>

                """
        }
        body += "</ul>\n"
        return PageAnswer(body: layout.page(title: first.title, feeds: [layout.mainFeed], body: body))
    }
}
