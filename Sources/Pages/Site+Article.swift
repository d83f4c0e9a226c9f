import Markup
import Model
import Server
import Store

extension Site {
    /// The sanitized article, its versions, and the diff between two of them (`?from=&to=`; by default
    /// the last edit).
    func articlePage(_ id: String, _ query: QueryString) throws -> PageAnswer {
        guard !id.isEmpty, let article = try archive.article(id: id) else {
            return notFound("没有这篇文章 · There is no article \(id).")
        }
        let versions = try archive.versions(of: id)
        let e = HTMLEscape.attribute
        var meta = [HTMLEscape.text(article.outlet ?? article.sourceID)]
        if let author = article.author, author != article.outlet { meta.append(HTMLEscape.text(author)) }
        meta.append(layout.time(zoned(article)))
        if article.removed != nil { meta.append("已被来源撤下 · removed by its source") }
        if let link = article.link { meta.append("<a href=\"\(e(link))\">原文 · Original</a>") }
        if let story = article.storyID {
            meta.append("<a href=\"\(e(root + "stories/" + story))\">同一报道的各家版本 · All reports of this story</a>")
        }
        // A comparison asked for (`?from=&to=`) comes first, so it is what the reader sees.
        let asked = versions.count > 1 && (query["from"] != nil || query["to"] != nil)
        let comparison = asked ? "<section aria-labelledby=\"changes\">\n" + diffSection(article, versions, query, heading: "h2") + "</section>\n" : ""
        var body = """
            <article>
            <h1>\(HTMLEscape.text(article.title))</h1>
            <p class="meta">\(meta.joined(separator: " · "))</p>
            \(comparison)<div class="body">
            \(article.contentHTML)
            </div>
            </article>
            <section id="revisions" aria-labelledby="revisions-heading">
            <h2 id="revisions-heading">修订 · Revisions</h2>
            <ol>

            """
        for version in versions {
            let note = version.summary.map { " — " + HTMLEscape.text($0) } ?? " — 首次收录 · first seen"
            body += "<li>第 \(version.version) 版 · version \(version.version), \(layout.time(zoned(version.since)))\(note)</li>\n"
        }
        body += "</ol>\n"
        if versions.count > 1 && !asked {
            body += diffSection(article, versions, query, heading: "h3")
        }
        body += "</section>\n"
        return PageAnswer(body: layout.page(title: article.title, feeds: [layout.mainFeed], body: body))
    }

    private func diffSection(_ article: Article, _ versions: [ArticleVersion], _ query: QueryString, heading: String) -> String {
        let numbers = versions.map(\.version)
        let last = numbers[numbers.count - 1]
        var to = query["to"].flatMap(Int.init).flatMap { numbers.contains($0) ? $0 : nil } ?? last
        var from = query["from"].flatMap(Int.init).flatMap { numbers.contains($0) ? $0 : nil }
            ?? numbers.last(where: { $0 < to }) ?? numbers[0]
        if from > to { swap(&from, &to) }
        func options(_ selected: Int) -> String {
            numbers.map { "<option value=\"\($0)\"\($0 == selected ? " selected" : "")>第 \($0) 版 · v\($0)</option>" }.joined()
        }
        var html = """
            <form class="compare" action="\(HTMLEscape.attribute(root + "articles/" + article.id))#changes" method="get">
            <label for="from">从 · From</label> <select id="from" name="from">\(options(from))</select>
            <label for="to">到 · To</label> <select id="to" name="to">\(options(to))</select>
            <button type="submit">对比 · Compare</button>
            </form>
            <\(heading) id="changes">第 \(from) 版到第 \(to) 版的改动 · Changes from version \(from) to \(to)</\(heading)>

            """
        guard let old = versions.first(where: { $0.version == from }), let new = versions.first(where: { $0.version == to }) else {
            return html
        }
        if old.title != new.title {
            html += "<p class=\"diff\"><strong>标题 · Title:</strong> \(TextDiff(old: old.title, new: new.title).html)</p>\n"
        }
        let diff = TextDiff(old: old.contentText, new: new.contentText)
        html += diff.hasChanges
            ? "<p class=\"meta\">删除的文字<del>这样标出</del>，新增的文字<ins>这样标出</ins> · deletions and insertions are marked.</p>\n<div class=\"diff\">\(diff.html)</div>\n"
            : "<p>正文没有改动 · The text did not change.</p>\n"
        return html
    }
}
