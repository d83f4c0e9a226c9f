import Markup

/// The HTML index: the feeds and each source's health, readable without JavaScript or CSS files.
enum IndexPage {
    static func render(_ summary: SiteSummary) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLEscape.attribute(summary.title))</title>
            <link rel="alternate" type="application/atom+xml" title="\(HTMLEscape.attribute(summary.title))" href="atom.xml">
            <link rel="alternate" type="application/rss+xml" title="\(HTMLEscape.attribute(summary.title))" href="feed.xml">
            <link rel="alternate" type="application/feed+json" title="\(HTMLEscape.attribute(summary.title))" href="feed.json">
            <style>body{font-family:sans-serif;max-width:60em;margin:1em auto;padding:0 1em}
            table{border-collapse:collapse}td,th{border-bottom:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
            .ok{color:#060}.failing{color:#a00}</style>
            </head>
            <body>
            <h1>\(HTMLEscape.attribute(summary.title))</h1>
            <p>\(HTMLEscape.attribute(summary.description))</p>
            <h2>Feeds</h2>
            <table>
            <tr><th>Feed</th><th>Atom</th><th>RSS</th><th>JSON Feed</th></tr>

            """
        for feed in summary.feeds {
            let folder = HTMLEscape.attribute(feed.folder)
            html += "<tr><td>\(HTMLEscape.attribute(feed.title))</td><td><a href=\"\(folder)atom.xml\">atom.xml</a></td>"
                + "<td><a href=\"\(folder)feed.xml\">feed.xml</a></td><td><a href=\"\(folder)feed.json\">feed.json</a></td></tr>\n"
        }
        html += """
            </table>
            <p>Every feed as OPML: <a href="opml.xml">opml.xml</a> · Change log: <a href="changes.atom">changes.atom</a> · <a href="changes.jsonl">changes.jsonl</a></p>
            <p>Any feed takes RSSHub's parameters: <code>atom.xml?filter=区块链&amp;limit=10</code>, <code>?filterout=广告</code>, <code>?opencc=s2hk</code>, <code>?brief=120</code>.</p>
            <h2>Sources</h2>
            <table>
            <tr><th>Source</th><th>State</th><th>Last refresh</th><th>Next refresh</th><th>Last result</th></tr>

            """
        for source in summary.sources {
            html += "<tr><td>\(HTMLEscape.attribute(source.title)) <small>(\(HTMLEscape.attribute(source.id)))</small></td>"
                + "<td class=\"\(HTMLEscape.attribute(source.state))\">\(HTMLEscape.attribute(source.state))</td>"
                + "<td>\(HTMLEscape.attribute(source.lastRefresh ?? "—"))</td><td>\(HTMLEscape.attribute(source.nextRefresh ?? "—"))</td>"
                + "<td>\(HTMLEscape.attribute(source.lastCounts ?? ""))"
                + (source.lastError.map { "<br><small>\(HTMLEscape.attribute($0))</small>" } ?? "") + "</td></tr>\n"
        }
        html += """
            </table>
            <p>Last refresh: \(HTMLEscape.attribute(summary.lastRefresh ?? "none yet")) · <a href="healthz">health</a> · <a href="metrics">metrics</a></p>
            </body>
            </html>

            """
        return html
    }
}
