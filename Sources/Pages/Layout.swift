import Foundation
import Markup
import Model

/// The frame every page shares: language, viewport, the stylesheet, feed links, the navigation and
/// search form, landmarks. No script anywhere; every value is escaped here or by the caller.
struct Layout {
    var siteTitle: String
    var language: String
    /// The path the site is served under, ending in `/` (the base URL's path).
    var root: String

    struct Feed {
        var title: String
        /// Relative to the root, query included (`atom.xml`, `search/atom.xml?q=…`).
        var atom: String
        var rss: String
        var json: String
    }

    func page(title: String, feeds: [Feed], query: String = "", body: String) -> String {
        let e = HTMLEscape.attribute
        var html = """
            <!DOCTYPE html>
            <html lang="\(e(language))">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(title == siteTitle ? title : title + " · " + siteTitle))</title>
            <link rel="stylesheet" href="\(e(root))style.css">

            """
        for feed in feeds {
            html += """
                <link rel="alternate" type="application/atom+xml" title="\(e(feed.title)) (Atom)" href="\(e(root + feed.atom))">
                <link rel="alternate" type="application/rss+xml" title="\(e(feed.title)) (RSS)" href="\(e(root + feed.rss))">
                <link rel="alternate" type="application/feed+json" title="\(e(feed.title)) (JSON Feed)" href="\(e(root + feed.json))">

                """
        }
        html += """
            </head>
            <body>
            <a class="skip" href="#main">跳到正文 · Skip to content</a>
            <header class="site">
            <p class="brand"><a href="\(e(root))">\(e(siteTitle))</a></p>
            <nav aria-label="站点 · Site">
            <ul>
            <li><a href="\(e(root))">最新 · Latest</a></li>
            <li><a href="\(e(root))feeds">订阅 · Feeds</a></li>
            <li><a href="\(e(root))sources">来源 · Sources</a></li>
            </ul>
            </nav>
            <form role="search" action="\(e(root))search" method="get">
            <label for="q">搜索 · Search</label>
            <input id="q" name="q" type="search" maxlength="200" value="\(e(query))">
            <button type="submit">搜索</button>
            </form>
            </header>
            <main id="main">
            \(body)
            </main>
            <footer class="site">
            <p>\(e(siteTitle)) · <a href="\(e(root))atom.xml">Atom</a> · <a href="\(e(root))feed.xml">RSS</a> · <a href="\(e(root))feed.json">JSON Feed</a> · <a href="\(e(root))changes.atom">变更记录 · Change log</a></p>
            </footer>
            </body>
            </html>

            """
        return html
    }

    /// The site's own feeds, linked from every page.
    var mainFeed: Feed { Feed(title: siteTitle, atom: "atom.xml", rss: "feed.xml", json: "feed.json") }

    func time(_ date: ZonedDate) -> String {
        let text = Self.shortTime(date)
        return "<time datetime=\"\(HTMLEscape.attribute(date.rfc3339))\">\(HTMLEscape.text(text))</time>"
    }

    /// `2024-03-05 14:30` in the date's own offset.
    static func shortTime(_ date: ZonedDate) -> String {
        let stamp = date.rfc3339
        guard stamp.count >= 16 else { return stamp }
        return stamp.prefix(10) + " " + stamp.dropFirst(11).prefix(5)
    }

    /// The first characters of a text, on one line, cut at a character boundary.
    static func summary(_ text: String, length: Int = 140) -> String {
        // Only the head is read: a long body costs no more than a short one.
        let line = text.prefix(length + 64).split(whereSeparator: \.isNewline).joined(separator: " ")
        let cut = line.count > length || !text.dropFirst(length + 64).isEmpty
        return cut ? String(line.prefix(length)) + "…" : line
    }

    static let stylesheet = """
        :root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fdfdfb;--muted:#5d5d5d;--line:#d8d8d2;--accent:#0b5cad;--ins:#d6f5d6;--del:#fbd9d9;--mark:#fff0a8}
        @media (prefers-color-scheme:dark){:root{--fg:#e6e6e3;--bg:#151515;--muted:#a6a6a0;--line:#3a3a36;--accent:#7db4ff;--ins:#1f4d1f;--del:#5a2020;--mark:#5c5200}}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
        body{margin:0;color:var(--fg);background:var(--bg);font-family:"PingFang SC","Hiragino Sans GB","Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","WenQuanYi Micro Hei",system-ui,-apple-system,"Segoe UI",sans-serif;font-size:17px;line-height:1.75;overflow-wrap:anywhere}
        a{color:var(--accent)}
        .skip{position:absolute;left:-999px}.skip:focus{left:1em;top:1em;background:var(--bg);padding:.3em}
        header.site,main,footer.site{max-width:60rem;margin:0 auto;padding:0 1rem}
        header.site{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;align-items:center;border-bottom:1px solid var(--line);padding-top:.6rem;padding-bottom:.6rem}
        .brand{margin:0;font-weight:700;font-size:1.15rem}.brand a{color:var(--fg);text-decoration:none}
        nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.2rem 1rem;margin:0;padding:0}
        form[role=search]{display:flex;gap:.4rem;align-items:center;flex:1 1 16rem}
        form[role=search] input{flex:1;min-width:0;font:inherit;padding:.25rem .5rem;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg)}
        button,select{font:inherit;padding:.2rem .7rem}
        h1{font-size:1.6rem;line-height:1.4;margin:1.2rem 0 .6rem}
        h2{font-size:1.2rem;line-height:1.45;margin:1.4rem 0 .3rem}
        ol.stories,ol.results{list-style:none;padding:0;margin:0}
        ol.stories>li,ol.results>li{border-bottom:1px solid var(--line);padding:.4rem 0 .8rem}
        ol.stories h2,ol.results h2{margin:.4rem 0 .1rem}
        .meta{color:var(--muted);font-size:.9rem;margin:.1rem 0}
        .edited{display:inline-block;border:1px solid var(--muted);border-radius:3px;padding:0 .3em;font-size:.8rem;line-height:1.4}
        .summary{margin:.2rem 0}
        mark{background:var(--mark);color:inherit}
        ins{background:var(--ins);text-decoration:none}
        del{background:var(--del);text-decoration:line-through}
        .diff p{margin:.5rem 0}
        .members{display:grid;grid-template-columns:repeat(auto-fit,minmax(17rem,1fr));gap:1rem;padding:0;list-style:none}
        .members>li{border:1px solid var(--line);border-radius:6px;padding:.4rem .9rem}
        .body img{max-width:100%;height:auto}
        .body{font-size:1.05rem}
        table{border-collapse:collapse;width:100%;font-size:.95rem}
        .scroll{overflow-x:auto}
        td,th{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
        .ok{color:#17803d}.failing{color:#c0262d}
        .pager{display:flex;justify-content:space-between;margin:1rem 0}
        footer.site{border-top:1px solid var(--line);margin-top:2rem;color:var(--muted);font-size:.9rem}
        .error{border-left:4px solid #c0262d;padding-left:.6rem}
        """
}
