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
    /// Template fields the detail URL asks for (`{attachPath}`), read while the record was at hand.
    var values: [String: String] = [:]

    /// Nil when the record has neither an id nor a link to know it by. `base` resolves relative links.
    init?(_ object: Any, options: JSONSourceOptions, timeZone: TimeZone, base: URL?) {
        let fields = options.fields
        let link = Self.text(fields.link, in: object).map { Self.absolute($0, base: base) }
        guard let id = Self.text(fields.id, in: object) ?? link else { return nil }
        self.id = id
        title = Self.text(fields.title, in: object)
        for template in [options.linkTemplate, options.detailURL].compactMap({ $0 }) {
            for name in RequestTemplate.placeholders(in: template) where name != "id" && name != "link" {
                values[name] = JSONPath.text(at: name, in: object)
            }
        }
        published = fields.published.lazy.compactMap { Self.date(at: $0.path, in: object, timeZone: timeZone) }.first
        outlet = Self.text(fields.outlet, in: object)
        summary = Self.text(fields.summary, in: object)
        body = Self.text(fields.body, in: object)
        self.link = link ?? options.linkTemplate.flatMap { fill($0) }.map { Self.absolute($0, base: base) }
    }

    /// The first alternative that yields text, after its filter.
    static func text(_ alternatives: [FieldPath], in object: Any) -> String? {
        for field in alternatives {
            guard let raw = JSONPath.text(at: field.path, in: object) else { continue }
            if let value = apply(field.filter, to: raw) { return value }
        }
        return nil
    }

    static func apply(_ filter: FieldPath.Filter?, to text: String) -> String? {
        switch filter {
        case nil: return text
        case .bracket:
            guard let range = text.range(of: #"^\s*【([^】]{1,200})】"#, options: .regularExpression) else { return nil }
            let inner = text[range].drop(while: { $0 != "【" }).dropFirst().dropLast()
            let trimmed = inner.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        case .sentence: return VisibleText.headline(ofHTML: BodyHTML.from(text))
        case .text:
            let plain = VisibleText.plainText(ofHTML: text)
            return plain.isEmpty ? nil : plain
        }
    }

    /// `2025-06-03 09:30:00` in the configured zone, ISO 8601, RFC 822, or epoch seconds or milliseconds
    /// (as a number or as digits).
    static func date(at path: String, in object: Any, timeZone: TimeZone) -> ZonedDate? {
        var number = JSONPath.number(at: path, in: object)
        let text = JSONPath.text(at: path, in: object)
        // Epoch seconds (10 digits) or milliseconds (13) sent as text; `20250603093000` is not one.
        if number == nil, let text, [9, 10, 12, 13].contains(text.count), text.allSatisfy(\.isASCII),
           let digits = Double(text) {
            number = digits
        }
        if let number, number > 0 {
            let seconds = number > 1e11 ? number / 1000 : number
            return ZonedDate(validating: Date(timeIntervalSince1970: seconds), timeZone: timeZone)
        }
        return text.flatMap { ZonedDate.parse($0, defaultZone: timeZone) }
    }

    /// A template with `{id}`, `{link}` and record fields filled in; nil when one of them is missing.
    func fill(_ template: String) -> String? {
        var result = template
        for name in RequestTemplate.placeholders(in: template) {
            let value: String?
            switch name {
            case "id": value = Self.encoded(id)
            case "link": value = link
            default: value = values[name]
            }
            guard let value else { return nil }
            result = result.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return result
    }

    /// A template with `{id}` replaced by the percent-encoded id.
    static func fill(_ template: String, id: String) -> String {
        template.replacingOccurrences(of: "{id}", with: encoded(id))
    }

    private static func encoded(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+#?/"))) ?? id
    }

    static func absolute(_ link: String, base: URL?) -> String {
        if link.hasPrefix("//") { return "https:" + link }
        guard let base, URLComponents(string: link)?.scheme == nil, let url = URL(string: link, relativeTo: base) else {
            return link
        }
        return url.absoluteString
    }
}
