import Config
import Foundation
import Model

/// A news API answering a list of JSON records, optionally with one detail request per record for
/// the body (how the seed script read its source: records with `infoCode`, `title`, `showtime`,
/// `medianame`, then one detail call per `infoCode`). Detail requests are made for new records only.
public struct JSONSource: SourceAdapter {
    public let config: SourceConfig

    public init(config: SourceConfig) {
        self.config = config
    }

    public func read(_ context: SourceContext) async -> SourceReading {
        let options = config.json ?? JSONSourceOptions()
        return await readURL(context, notModified: { $0.unchangedOrigins = context.storedOrigins }) { decoded, url, _, reading in
            switch records(in: decoded.text, url: url, options: options, context: context) {
            case .failure(let error): reading.failure = error
            case .success(let records): await read(records, url: url, options: options, context: context, into: &reading)
            }
        }
    }

    package func records(in text: String, url: String, options: JSONSourceOptions,
                         context: SourceContext) -> Result<[JSONRecord], SourceError> {
        guard let root = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else {
            return .failure(.unparsable(location: url, reason: "not JSON"))
        }
        guard let list = JSONPath.value(at: options.records, in: root) as? [Any] else {
            let place = options.records.isEmpty ? "the response" : "'\(options.records)'"
            return .failure(.unparsable(location: url, reason: "no list of records at \(place)"))
        }
        if list.isEmpty && context.heldItems { return .failure(.noItems(location: url)) }
        return .success(list.compactMap { JSONRecord($0, options: options, timeZone: context.timeZone) })
    }

    private func read(_ records: [JSONRecord], url: String, options: JSONSourceOptions, context: SourceContext,
                      into reading: inout SourceReading) async {
        var pending: [JSONRecord] = []
        for record in records {
            let origin = origin(of: record, url: url, options: options)
            if options.detailURL != nil && context.storedItemIDs.contains(record.id) {
                reading.unchangedOrigins.insert(origin)
            } else {
                pending.append(record)
            }
        }
        let results = await pending.mapRequests { record in
            await draft(record, url: url, options: options, context: context)
        }
        for result in results {
            switch result {
            case .success(let draft): reading.drafts.append(draft)
            case .failure(let error): reading.errors.append(error)
            }
        }
    }

    private func draft(_ record: JSONRecord, url: String, options: JSONSourceOptions,
                       context: SourceContext) async -> Result<ArticleDraft, SourceError> {
        var body = record.body
        if let template = options.detailURL {
            switch await detailBody(JSONRecord.fill(template, id: record.id), options: options, context: context) {
            case .success(let text): body = text
            case .failure(let error): return .failure(error)
            }
        }
        return draft(record, body: body, url: url, options: options)
    }

    /// The draft of a record whose body (from the record or its detail request) is in hand.
    package func draft(_ record: JSONRecord, body: String?, url: String, options: JSONSourceOptions) -> Result<ArticleDraft, SourceError> {
        let html = (body ?? record.summary).map(BodyHTML.from) ?? ""
        guard let title = record.title ?? BodyHTML.headline(fromHTML: html) else {
            return .failure(.unparsable(location: origin(of: record, url: url, options: options),
                                        reason: "record '\(record.id)' has neither title nor text"))
        }
        return .success(ArticleDraft(itemID: record.id, origin: origin(of: record, url: url, options: options),
                                     link: record.link, title: title, published: record.published,
                                     outlet: record.outlet, contentHTML: html))
    }

    private func detailBody(_ detailURL: String, options: JSONSourceOptions,
                            context: SourceContext) async -> Result<String, SourceError> {
        let fetched = await FetchedText.get(detailURL, context: context)
        switch fetched.result {
        case .failure(let error): return .failure(error)
        case .success(.notModified): return .failure(.unparsable(location: detailURL, reason: "304 to an unconditional request"))
        case let .success(.text(decoded, _)):
            return Self.detailBody(in: decoded.text, url: detailURL, options: options)
        }
    }

    /// The body in a detail request's answer.
    package static func detailBody(in text: String, url: String, options: JSONSourceOptions) -> Result<String, SourceError> {
        guard let root = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else {
            return .failure(.unparsable(location: url, reason: "not JSON"))
        }
        let path = options.detailBody ?? options.fields.body
        guard let body = JSONPath.text(at: path, in: root) else {
            return .failure(.unparsable(location: url, reason: "no body at '\(path)'"))
        }
        return .success(body)
    }

    /// The page the record stands for: its link, else its detail request, else the list and its id.
    private func origin(of record: JSONRecord, url: String, options: JSONSourceOptions) -> String {
        record.link ?? options.detailURL.map { JSONRecord.fill($0, id: record.id) } ?? "\(url)#\(record.id)"
    }
}
