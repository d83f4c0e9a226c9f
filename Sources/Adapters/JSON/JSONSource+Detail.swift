import Config
import Extract
import Foundation
import Markup
import Model

extension JSONSource {
    /// What a detail request gave: the body, and the page's own title, time and outlet for records
    /// that lack them.
    package struct Detail: Sendable {
        package var html: String
        /// What the body's relative links resolve against when it is not the record's link (an
        /// article page's own URL).
        var baseURL: String?
        var title: String?
        var published: ZonedDate?
        var outlet: String?
        /// Bytes of the detail answer lost in decoding, if any.
        var warning: String?
    }

    func detail(for record: JSONRecord, context: SourceContext) async -> Result<Detail, SourceError> {
        let options = options
        guard let template = options.detailURL, let url = record.fill(template) else {
            return .failure(.unparsable(location: origin(of: record, url: config.url ?? config.id),
                                        reason: problem("record '\(record.id)' lacks a field of detail_url \(options.detailURL ?? "")")))
        }
        let headers = options.headers.mapValues {
            RequestTemplate.expand($0, now: context.now, zone: context.timeZone, random: context.random())
        }
        let fetched = await FetchedText.get(url, context: context, headers: headers)
        switch fetched.result {
        case .failure(let error): return .failure(error)
        case .success(.notModified):
            return .failure(.unparsable(location: url, reason: "304 to an unconditional request"))
        case let .success(.text(decoded, finalURL)):
            let body = switch options.detailFormat {
            case .json: jsonBody(decoded.text, url: url)
            case .nextData: nextDataBody(decoded.text, url: url)
            case .page: pageBody(decoded.text, url: url, finalURL: finalURL, context: context)
            }
            return body.map { detail in
                var detail = detail
                detail.warning = decoded.damageWarning(at: finalURL)
                return detail
            }
        }
    }

    private var bodyPaths: [FieldPath] { options.detailBody ?? options.fields.body }

    package func jsonBody(_ text: String, url: String) -> Result<Detail, SourceError> {
        guard let root = JSONText.parse(text) else {
            return .failure(.unparsable(location: url, reason: problem("the detail answer is not JSON")))
        }
        if let envelope = options.envelope, let refusal = Self.refusal(root, envelope: envelope) {
            return .failure(.unparsable(location: url, reason: problem(refusal)))
        }
        return body(in: root, url: url, what: "the detail answer")
    }

    /// Next.js pages carry their data as JSON in `<script id="__NEXT_DATA__" type="application/json">`.
    package func nextDataBody(_ text: String, url: String) -> Result<Detail, SourceError> {
        let pattern = #"<script[^>]*\bid\s*=\s*["']?__NEXT_DATA__["']?[^>]*>([\s\S]*?)</script>"#
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: 1), in: text) else {
            return .failure(.unparsable(location: url, reason: problem("no <script id=\"__NEXT_DATA__\"> on the page; "
                                                                       + "the site may have changed")))
        }
        guard let root = JSONText.parse(String(text[range])) else {
            return .failure(.unparsable(location: url, reason: problem("the page's __NEXT_DATA__ is not JSON")))
        }
        return body(in: root, url: url, what: "the page's __NEXT_DATA__")
    }

    private func body(in root: Any, url: String, what: String) -> Result<Detail, SourceError> {
        guard let body = JSONRecord.text(bodyPaths, in: root) else {
            let paths = bodyPaths.map(\.description).joined(separator: ", ")
            return .failure(.unparsable(location: url, reason: problem("no body at \(paths) in \(what); "
                                                                       + "the site's API may have changed")))
        }
        return .success(Detail(html: BodyHTML.from(body)))
    }

    private func pageBody(_ text: String, url: String, finalURL: String, context: SourceContext) -> Result<Detail, SourceError> {
        let rules = options.detailRules.map {
            SiteRules(title: $0.title, published: $0.time, body: $0.body, remove: $0.remove)
        }
        let extractor = ArticleExtractor(clock: ManualClock(context.now), zone: context.timeZone)
        do {
            let article = try extractor.extract(html: text, url: finalURL, rules: rules)
            return .success(Detail(html: article.bodyHTML, baseURL: article.baseURL, title: article.title,
                                   published: article.published, outlet: article.outlet))
        } catch {
            return .failure(.unparsable(location: url, reason: problem("no article on the page (\(error))")))
        }
    }
}
