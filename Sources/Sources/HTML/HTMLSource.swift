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
        guard let url = config.url else {
            return SourceReading(failure: .misconfigured(source: config.id, reason: "no url configured"))
        }
        let options = config.html ?? HTMLSourceOptions()
        let fetched = await FetchedText.get(url, context: context, conditional: true)
        var reading = SourceReading()
        reading.http = fetched.exchange
        switch fetched.result {
        case .failure(let error):
            reading.failure = error
        case .success(.notModified):
            reading.unchangedOrigins = context.storedOrigins
        case let .success(.text(decoded, finalURL)):
            switch links(in: decoded.text, url: url, finalURL: finalURL, options: options) {
            case .failure(let error): reading.failure = error
            case .success(let links) where links.isEmpty && context.heldItems: reading.failure = .noItems(location: url)
            case .success(let links): await read(links, options: options, context: context, into: &reading)
            }
        }
        return reading
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
            if context.storedItemIDs.contains(link.url) || context.storedOrigins.contains(link.url) {
                reading.unchangedOrigins.insert(link.url)
            } else if pending.count < options.maxArticles {
                pending.append(Link(url: link.url, text: link.text))
            }
        }
        let rules = options.rules.map { SiteRules(title: $0.title, published: $0.time, body: $0.body, remove: $0.remove) }
        let results = await pending.mapRequests { link in await article(link, rules: rules, context: context) }
        for result in results {
            switch result {
            case .success(let draft): reading.drafts.append(draft)
            case .failure(let error): reading.errors.append(error)
            }
        }
    }

    struct Link: Sendable {
        var url: String
        var text: String
    }

    private func article(_ link: Link, rules: SiteRules?, context: SourceContext) async -> Result<ArticleDraft, SourceError> {
        let fetched = await FetchedText.get(link.url, context: context)
        switch fetched.result {
        case .failure(let error):
            return .failure(error)
        case .success(.notModified):
            return .failure(.unparsable(location: link.url, reason: "304 to an unconditional request"))
        case let .success(.text(decoded, finalURL)):
            let extractor = ArticleExtractor(clock: ManualClock(context.now), zone: context.timeZone)
            let extracted: ExtractedArticle
            do {
                extracted = try extractor.extract(html: decoded.text, url: finalURL, rules: rules)
            } catch {
                return .failure(.unparsable(location: link.url, reason: Self.reason(error)))
            }
            let title = extracted.title.flatMap { $0.isEmpty ? nil : $0 } ?? (link.text.isEmpty ? nil : link.text)
            guard let title else { return .failure(.noTitle(location: link.url)) }
            var draft = ArticleDraft(itemID: link.url, origin: link.url, link: link.url, title: title,
                                     published: extracted.published, outlet: extracted.outlet,
                                     author: extracted.author, contentHTML: extracted.contentHTML,
                                     contentText: extracted.contentText)
            draft.contentIsSanitized = true
            return .success(draft)
        }
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
