import Config
import Foundation
import Model

/// A news API answering a list of JSON records (plain, JSONP or a `var x = …` assignment), asked with
/// the configured method, headers, body and signature; optionally with one detail request per new
/// record for its body (a JSON API, a page's `__NEXT_DATA__`, or the article page through the
/// extractor). A list that stops yielding records or mapped fields fails loudly: the site changed.
public struct JSONSource: SourceAdapter {
    public let config: SourceConfig

    public init(config: SourceConfig) {
        self.config = config
    }

    var options: JSONSourceOptions { config.json ?? JSONSourceOptions() }

    public func read(_ context: SourceContext) async -> SourceReading {
        guard let template = config.url else {
            return SourceReading(failure: .misconfigured(source: config.id, reason: "no url configured"))
        }
        let options = options
        let request = JSONRequest(options, url: template, context: context)
        guard let url = request.url else {
            return SourceReading(failure: .misconfigured(source: config.id, reason: "the url cannot be signed: \(template)"))
        }
        let fetched = await FetchedText.get(url, context: context, conditional: options.method == .get,
                                            headers: request.headers, postBody: request.body, cacheKey: template)
        return await reading(of: fetched, notModified: { $0.unchanged = .allNotRead }) { decoded, finalURL, reading in
            switch records(in: decoded.text, url: template, base: URL(string: options.linkBase ?? finalURL), context: context) {
            case .failure(let error): reading.failure = error
            case .success(let records): await read(records, url: template, context: context, into: &reading)
            }
        }
    }

    /// "recipe cls-telegraph: " before a reason, so a broken recipe is named.
    func problem(_ reason: String) -> String {
        (config.recipe.map { "recipe \($0): " } ?? "") + reason
    }

    private func read(_ records: [JSONRecord], url: String, context: SourceContext,
                      into reading: inout SourceReading) async {
        let options = options
        var pending: [JSONRecord] = []
        var skipped = 0
        for record in records {
            // A stored record's detail is not requested again; the page it stands for names it, and
            // no id policy renames it.
            if options.detailURL != nil && context.storedOrigins.contains(origin(of: record, url: url)) {
                skipped += 1
            } else {
                pending.append(record)
            }
        }
        reading.unchanged = .count(skipped)
        let results = await pending.mapRequests { record in
            await draft(record, url: url, context: context)
        }
        reading.add(results)
    }

    private func draft(_ record: JSONRecord, url: String, context: SourceContext) async -> ItemRead {
        var record = record
        var html = Self.listHTML(of: record)
        var baseURL = record.link
        var warning: String?
        if options.detailURL != nil {
            switch await detail(for: record, context: context) {
            case .failure(let error): return ItemRead(.failure(error))
            case .success(let detail):
                html = detail.html
                baseURL = detail.baseURL ?? baseURL
                warning = detail.warning
                record.published = record.published ?? detail.published
                record.outlet = record.outlet ?? detail.outlet
                record.title = record.title ?? detail.title
            }
        }
        return ItemRead(draft(record, html: html, baseURL: baseURL, url: url), warning: warning)
    }

    /// The body a record brings in the list itself.
    package static func listHTML(of record: JSONRecord) -> String {
        (record.body ?? record.summary).map(BodyHTML.from) ?? ""
    }

    /// The draft of a record whose body (from the record or its detail request) is in hand.
    package func draft(_ record: JSONRecord, html: String, baseURL: String?, url: String) -> Result<ArticleDraft, SourceError> {
        guard let title = record.title ?? VisibleText.headline(ofHTML: html) else {
            return .failure(.unparsable(location: origin(of: record, url: url),
                                        reason: problem("record '\(record.id)' has neither title nor text")))
        }
        return .success(ArticleDraft(itemID: record.id, origin: origin(of: record, url: url), link: record.link,
                                     title: title, published: record.published, outlet: record.outlet ?? options.outlet,
                                     bodyHTML: html, baseURL: baseURL))
    }

    /// The page the record stands for: its link, else its detail request, else the list and its id.
    func origin(of record: JSONRecord, url: String) -> String {
        record.link ?? options.detailURL.flatMap { record.fill($0) } ?? "\(url)#\(record.id)"
    }
}
