import Config
import Extract
import Foundation
import Markup
import Model

/// A list page of article links; each new article page is fetched and extracted. Pages already in
/// the archive are not fetched again, and the list is not a complete listing: an article that
/// scrolls off it stays.
public struct HTMLSource: SourceAdapter {
    public let config: SourceConfig

    public init(config: SourceConfig) {
        self.config = config
    }

    public func read(_ context: SourceContext) async -> SourceReading {
        let options = config.html ?? HTMLSourceOptions()
        // An unchanged list page still leaves the rechecks of stored pages to do.
        return await readURL(context, notModified: { await read([], options: options, context: context, into: &$0) }) {
            decoded, url, finalURL, reading in
            switch links(in: decoded.text, url: url, finalURL: finalURL, options: options) {
            case .failure(let error): reading.failure = error
            case .success(let links) where links.isEmpty && context.holdsItems: reading.failure = .noItems(location: url)
            case .success(let links): await read(links, options: options, context: context, into: &reading)
            }
        }
    }

    private func links(in text: String, url: String, finalURL: String,
                       options: HTMLSourceOptions) -> Result<[(url: String, text: String)], SourceError> {
        guard let base = URL(string: finalURL) ?? URL(string: url),
              let document = try? Document(html: text, url: finalURL) else {
            return .failure(.unparsable(location: url, reason: "not an HTML page"))
        }
        return Result { () throws(SourceError) in
            try ArticleLinks(base: base).find(in: document, selectors: options.links)
        }
    }

    private func read(_ links: [(url: String, text: String)], options: HTMLSourceOptions, context: SourceContext,
                      into reading: inout SourceReading) async {
        var pending: [Link] = []
        for link in links {
            if context.storedOrigins.contains(link.url) {
                continue
            } else if pending.count < options.maxArticles {
                pending.append(Link(url: link.url, text: link.text))
            }
        }
        // Stored pages due for a recheck are fetched again whether or not the list still shows them;
        // the store turns an edit into a revision. Every other stored page is unchanged.
        let titles = Dictionary(links.map { ($0.url, $0.text) }, uniquingKeysWith: { first, _ in first })
        for origin in context.dueRechecks.sorted() {
            pending.append(Link(url: origin, text: titles[origin] ?? ""))
            reading.checkedOrigins.insert(origin)
        }
        reading.unchanged = .allNotRead
        let rules = options.rules.map { SiteRules(title: $0.title, published: $0.time, body: $0.body, remove: $0.remove) }
        let results = await pending.mapRequests { link in await article(link, rules: rules, context: context) }
        reading.add(results)
    }

    struct Link: Sendable {
        var url: String
        var text: String
    }

    private func article(_ link: Link, rules: SiteRules?, context: SourceContext) async -> ItemRead {
        let fetched = await FetchedText.get(link.url, context: context)
        switch fetched.result {
        case .failure(let error):
            return ItemRead(.failure(error))
        case .success(.notModified):
            return ItemRead(.failure(.unparsable(location: link.url, reason: "304 to an unconditional request")))
        case let .success(.text(decoded, finalURL)):
            return ItemRead(article(link, page: decoded.text, finalURL: finalURL, rules: rules, context: context),
                            warning: decoded.damageWarning(at: finalURL))
        }
    }

    private func article(_ link: Link, page: String, finalURL: String, rules: SiteRules?,
                         context: SourceContext) -> Result<ArticleDraft, SourceError> {
        let extractor = ArticleExtractor(clock: ManualClock(context.now), zone: context.timeZone)
        let extracted: ExtractedArticle
        do {
            extracted = try extractor.extract(html: page, url: finalURL, rules: rules)
        } catch {
            return .failure(.unparsable(location: link.url, reason: Self.reason(error)))
        }
        let title = extracted.title.flatMap { $0.isEmpty ? nil : $0 } ?? (link.text.isEmpty ? nil : link.text)
        guard let title else { return .failure(.noTitle(location: link.url)) }
        return .success(ArticleDraft(itemID: link.url, origin: link.url, link: link.url, title: title,
                                     published: extracted.published, outlet: extracted.outlet,
                                     author: extracted.author, bodyHTML: extracted.bodyHTML, baseURL: finalURL))
    }

    private static func reason(_ error: ExtractError) -> String {
        switch error {
        case .emptyDocument: "the page has no text"
        case .notText: "the page is binary, not HTML text"
        case .noArticle: "no article found on the page"
        case let .invalidRule(expression, _): "site rule XPath is invalid: \(expression)"
        }
    }
}
