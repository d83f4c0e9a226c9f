import Foundation
import Markup
import Model

/// A saved HTML page in the folder. The extraction stage does article pages properly; here the title
/// comes from `og:title`, `<h1>` or `<title>` and the body from `<article>` or `<body>`.
struct HTMLPageParser {
    let location: String
    let timeZone: TimeZone

    func parse(_ text: String) throws(SourceError) -> ArticleDraft {
        guard let document = try? Document(html: text) else { throw .noTitle(location: location) }
        let title = first(document, ["//meta[@property='og:title']/@content", "//h1", "//title"])
        guard let title, !title.isEmpty else { throw .noTitle(location: location) }
        let published = first(document, [
            "//meta[@property='article:published_time']/@content", "//meta[@name='pubdate']/@content",
            "//meta[@name='publishdate']/@content", "//time/@datetime",
        ]).flatMap { ZonedDate.parse($0, defaultZone: timeZone) }
        let link = first(document, ["//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"])
        let body = (try? document.xpath("//article").first) ?? (try? document.xpath("//body").first)
        let html = body?.innerMarkup ?? ""
        return ArticleDraft(itemID: link.flatMap(PostParser.siteID) ?? link ?? location, link: link, title: title,
                            published: published, outlet: OutletLine.find(inHTML: html),
                            author: first(document, ["//meta[@name='author']/@content"]), contentHTML: html)
    }

    private func first(_ document: Document, _ expressions: [String]) -> String? {
        for expression in expressions {
            if let node = try? document.xpath(expression).first {
                let value = node.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                if !value.isEmpty { return value }
            }
        }
        return nil
    }
}
