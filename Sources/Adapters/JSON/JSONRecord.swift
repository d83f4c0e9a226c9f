import Config
import Foundation
import Model

/// One record of a news API, read through the configured field mapping.
package struct JSONRecord: Sendable {
    var id: String
    var title: String?
    var link: String?
    var published: ZonedDate?
    var outlet: String?
    var summary: String?
    package var body: String?

    /// Nil when the record has neither an id nor a link to know it by.
    init?(_ object: Any, options: JSONSourceOptions, timeZone: TimeZone) {
        let fields = options.fields
        let link = JSONPath.text(at: fields.link, in: object)
        guard let id = JSONPath.text(at: fields.id, in: object) ?? link else { return nil }
        self.id = id
        title = JSONPath.text(at: fields.title, in: object)
        self.link = link ?? options.linkTemplate.map { Self.fill($0, id: id) }
        published = Self.date(at: fields.published, in: object, timeZone: timeZone)
        outlet = JSONPath.text(at: fields.outlet, in: object)
        summary = JSONPath.text(at: fields.summary, in: object)
        body = JSONPath.text(at: fields.body, in: object)
    }

    /// `2025-06-03 09:30:00` in the configured zone, ISO 8601, RFC 822, or epoch seconds or milliseconds.
    static func date(at path: String, in object: Any, timeZone: TimeZone) -> ZonedDate? {
        if let number = JSONPath.number(at: path, in: object), number > 0 {
            let seconds = number > 1e11 ? number / 1000 : number
            return ZonedDate(validating: Date(timeIntervalSince1970: seconds), timeZone: timeZone)
        }
        return JSONPath.text(at: path, in: object).flatMap { ZonedDate.parse($0, defaultZone: timeZone) }
    }

    /// A template with `{id}` replaced by the percent-encoded id.
    static func fill(_ template: String, id: String) -> String {
        let encoded = id.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+#?/"))) ?? id
        return template.replacingOccurrences(of: "{id}", with: encoded)
    }
}
