import Extract
import Foundation
import Model

/// A saved HTML page in the folder, read by the article extractor: title, publish time, byline and
/// the article's body, as for a fetched page. The page names its own URL (canonical link, `og:url`),
/// which becomes the draft's link and the base of its relative links.
struct HTMLPageParser {
    let location: String
    let timeZone: TimeZone
    /// "Now" for the extractor's rule that a publish time is never more than a day ahead.
    var clock: any WallClock = SystemClock()

    func parse(_ text: String) throws(SourceError) -> ArticleDraft {
        let article: ExtractedArticle
        do { article = try ArticleExtractor(clock: clock, zone: timeZone).extract(html: text, url: nil) } catch {
            switch error {
            case .emptyDocument: throw .empty(location: location)
            case .notText: throw .binary(location: location)
            case .noArticle: throw .unreadable(location: location, reason: "no part of the page reads like an article")
            case .invalidRule: throw .unreadable(location: location, reason: "\(error)")
            }
        }
        guard let title = article.title, !title.isEmpty else { throw .noTitle(location: location) }
        let link = article.link
        return ArticleDraft(itemID: link.flatMap(PostParser.siteID) ?? link ?? location, link: link, title: title,
                            published: article.published,
                            outlet: article.outlet ?? OutletLine.find(inHTML: article.bodyHTML),
                            author: article.author, bodyHTML: article.bodyHTML, baseURL: article.baseURL)
    }
}
