import Config
import Foundation

extension JSONSource {
    /// The records of a list answer, checked: an error envelope is the site's message; a records path
    /// that yields nothing, or a mapped field missing in every record, means the API changed.
    package func records(in text: String, url: String, base: URL?, context: SourceContext) -> Result<[JSONRecord], SourceError> {
        let options = options
        guard let root = JSONText.parse(text) else {
            return .failure(.unparsable(location: url, reason: problem("the answer is not JSON, JSONP or a JavaScript "
                                                                       + "assignment; the site's API may have changed")))
        }
        if let envelope = options.envelope, let refusal = Self.refusal(root, envelope: envelope) {
            return .failure(.unparsable(location: url, reason: problem(refusal)))
        }
        let place = options.records.isEmpty ? "the answer" : "'\(options.records)'"
        guard let list = JSONPath.value(at: options.records, in: root) as? [Any] else {
            return .failure(.unparsable(location: url, reason: problem("no list of records at \(place); "
                                                                       + "the site's API may have changed")))
        }
        if list.isEmpty {
            // A hand-written source may list nothing yet; a recipe's site always lists something.
            if config.recipe == nil { return context.holdsItems ? .failure(.noItems(location: url)) : .success([]) }
            return .failure(.unparsable(location: url, reason: problem("0 records at \(place); the site's API may have changed")))
        }
        let news = list.filter { !skipped($0) }
        if let missing = missingField(in: news) {
            return .failure(.unparsable(location: url, reason: problem(missing + "; the site's API may have changed")))
        }
        let records = news.compactMap { JSONRecord($0, options: options, timeZone: context.timeZone, base: base) }
        if records.isEmpty && !news.isEmpty {
            let fields = (options.fields.id + options.fields.link).map(\.description).joined(separator: ", ")
            return .failure(.unparsable(location: url, reason: problem("no record of \(news.count) has an id or link "
                                                                       + "(\(fields)); the site's API may have changed")))
        }
        return .success(records)
    }

    /// Whether a record is not news by the configured `skip` conditions.
    func skipped(_ record: Any) -> Bool {
        options.skip.contains { condition in
            let value = JSONPath.text(at: condition.path, in: record)
            switch condition.op {
            case .equals: return value == condition.value
            case .notEquals: return value != condition.value
            case .contains: return value?.contains(condition.value) ?? false
            }
        }
    }

    /// "field `title` (title) missing in 30 of 30 records" for the first configured field no record has.
    private func missingField(in records: [Any]) -> String? {
        guard !records.isEmpty else { return nil }
        let fields = options.fields
        let named: [(String, [FieldPath])] = [("id", fields.id), ("title", fields.title), ("link", fields.link),
                                              ("published", fields.published), ("outlet", fields.outlet),
                                              ("summary", fields.summary), ("body", fields.body)]
        for (name, alternatives) in named where fields.configured.contains(name) {
            let found = records.contains { record in
                alternatives.contains { JSONPath.value(at: $0.path, in: record) != nil }
            }
            if !found {
                return "field `\(name)` (\(alternatives.map(\.description).joined(separator: ", "))) missing in "
                    + "\(records.count) of \(records.count) records"
            }
        }
        return nil
    }

    /// The site's own error, or nil when the envelope says success.
    static func refusal(_ root: Any, envelope: Envelope) -> String? {
        guard let code = JSONPath.text(at: envelope.code, in: root), !envelope.ok.contains(code) else { return nil }
        let message = envelope.message.lazy.compactMap { JSONPath.text(at: $0, in: root) }.first
        return "the site answered an error (\(envelope.code) = \(code))"
            + (message.map { ": \($0)" } ?? "")
    }
}
