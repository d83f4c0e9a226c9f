import Markup
import Server

/// `/feeds`: every published feed in its three formats, and the change log.
enum FeedsPage {
    static func render(_ summary: SiteSummary, layout: Layout, description: String) -> PageAnswer {
        let e = HTMLEscape.attribute
        let root = layout.root
        var body = """
            <h1>订阅 · Feeds</h1>
            <p>\(HTMLEscape.text(description))</p>
            <div class="scroll"><table>
            <thead><tr><th scope="col">订阅源 · Feed</th><th scope="col">Atom</th><th scope="col">RSS</th><th scope="col">JSON Feed</th></tr></thead>
            <tbody>

            """
        for feed in summary.feeds {
            let folder = root + feed.folder
            let title = HTMLEscape.text(feed.title)
            body += "<tr><th scope=\"row\">\(title)</th>"
                + "<td><a href=\"\(e(folder))atom.xml\">Atom<span class=\"skip\"> · \(title)</span></a></td>"
                + "<td><a href=\"\(e(folder))feed.xml\">RSS<span class=\"skip\"> · \(title)</span></a></td>"
                + "<td><a href=\"\(e(folder))feed.json\">JSON Feed<span class=\"skip\"> · \(title)</span></a></td></tr>\n"
        }
        body += """
            </tbody>
            </table></div>
            <p>全部订阅源 OPML · Every feed as OPML: <a href="\(e(root))opml.xml">opml.xml</a></p>
            <p>变更记录 · Change log: <a href="\(e(root))changes.atom">changes.atom</a> · <a href="\(e(root))changes.jsonl">changes.jsonl</a></p>
            <p>任何搜索也是订阅源 · Any search is a feed too: <code>search/atom.xml?q=…</code></p>
            """
        return PageAnswer(body: layout.page(title: "订阅 · Feeds", feeds: [layout.mainFeed], body: body))
    }
}
