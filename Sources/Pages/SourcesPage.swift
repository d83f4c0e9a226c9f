import Foundation
import Markup
import Model
import Server
import Store

/// `/sources`: each source's health and the errors of its recent refreshes.
enum SourcesPage {
    static func render(_ summary: SiteSummary, archive: any ArchiveStore, layout: Layout, zone: TimeZone) throws -> PageAnswer {
        let e = HTMLEscape.attribute
        let t = HTMLEscape.text
        var body = """
            <h1>来源 · Sources</h1>
            <p>上次刷新 · Last refresh: \(t(summary.lastRefresh ?? "还没有 · none yet")) · <a href="\(e(layout.root))healthz">健康检查 · health check</a> · <a href="\(e(layout.root))metrics">指标 · metrics</a></p>
            <div class="scroll"><table>
            <thead><tr><th scope="col">来源 · Source</th><th scope="col">状态 · State</th><th scope="col">上次刷新 · Last refresh</th><th scope="col">下次 · Next</th><th scope="col">结果 · Last result</th></tr></thead>
            <tbody>

            """
        for source in summary.sources {
            body += "<tr><th scope=\"row\"><a href=\"#source-\(e(source.id))\">\(t(source.title))</a> <small>(\(t(source.id)))</small></th>"
                + "<td class=\"\(e(source.state))\">\(t(source.state))</td>"
                + "<td>\(t(source.lastRefresh ?? "—"))</td><td>\(t(source.nextRefresh ?? "—"))</td>"
                + "<td>\(t(source.lastCounts ?? ""))</td></tr>\n"
        }
        body += "</tbody>\n</table></div>\n<h2>最近的错误 · Recent errors</h2>\n"
        for source in summary.sources {
            body += "<h3 id=\"source-\(e(source.id))\">\(t(source.title)) <small>(\(t(source.id)))</small></h3>\n"
            let recent = try archive.recentErrors(of: source.id)
            if let error = source.lastError {
                body += "<p class=\"error\">上次失败 · Last failure: \(t(error))</p>\n"
            }
            guard !recent.isEmpty else {
                if source.lastError == nil { body += "<p>没有错误 · No errors recorded.</p>\n" }
                continue
            }
            body += "<ul>\n"
            for refresh in recent {
                let lines = (refresh.failure.map { ["失败 · failed: " + $0] } ?? []) + refresh.errors.prefix(10)
                let more = refresh.errors.count > 10 ? "<li>… \(refresh.errors.count - 10) more</li>" : ""
                body += "<li>\(layout.time(ZonedDate(date: refresh.at, timeZone: zone))) (refresh \(refresh.refreshID))<ul>"
                    + lines.map { "<li>\(t($0))</li>" }.joined() + more + "</ul></li>\n"
            }
            body += "</ul>\n"
        }
        return PageAnswer(body: layout.page(title: "来源 · Sources", feeds: [layout.mainFeed], body: body))
    }
}
