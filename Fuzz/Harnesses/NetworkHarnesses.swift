import Adapters
import Config
import Decode
import Fetch
import Foundation
import Markup
import Model

/// A news API's answer read through a field mapping: records path, fields, dates, detail bodies.
enum JSONAPIHarness {
    static let presets: [JSONSourceOptions] = {
        let plain = JSONSourceOptions()
        var eastmoney = JSONSourceOptions()
        eastmoney.records = "data.list"
        eastmoney.fields.id = [FieldPath(path: "code")]
        eastmoney.fields.link = [FieldPath(path: "uniqueUrl")]
        eastmoney.fields.published = [FieldPath(path: "showTime")]
        eastmoney.fields.outlet = [FieldPath(path: "mediaName")]
        eastmoney.fields.title = [FieldPath(path: "title"), FieldPath(path: "content", filter: .bracket),
                                  FieldPath(path: "content", filter: .sentence)]
        var detail = JSONSourceOptions()
        detail.records = "data.list"
        detail.fields.id = [FieldPath(path: "infoCode")]
        detail.fields.published = [FieldPath(path: "showtime")]
        detail.fields.outlet = [FieldPath(path: "medianame")]
        detail.detailURL = "https://api.example.com/news/detail?infoCode={id}"
        detail.detailBody = [FieldPath(path: "data.content")]
        detail.linkTemplate = "https://api.example.com/html_News/NewsShare.html?infoCode={id}"
        return [plain, eastmoney, detail]
    }()

    static func run(_ data: Data) throws(InvariantBroken) {
        guard let selector = data.first else { return }
        let options = presets[Int(selector) % presets.count]
        let text = String(decoding: data.dropFirst(), as: UTF8.self)
        let url = "https://api.example.com/news/list"
        var config = SourceConfig(id: "api", kind: .json, url: url)
        config.json = options
        let source = JSONSource(config: config)
        let context = SourceContext(timeZone: Invariants.shanghai, now: Invariants.fixedNow)
        if case .success(let records) = source.records(in: text, url: url, base: URL(string: url), context: context) {
            for record in records {
                let html = JSONSource.listHTML(of: record)
                if case .success(let draft) = source.draft(record, html: html, baseURL: nil, url: url) {
                    try Invariants.check(draft, "record")
                }
            }
        }
        let detailURL = "https://api.example.com/news/detail?infoCode=1"
        _ = source.jsonBody(text, url: detailURL)
        _ = source.nextDataBody(text, url: detailURL)
    }
}

/// A list page: the article links found by their shape.
enum HTMLLinksHarness {
    static func run(_ data: Data) throws(InvariantBroken) {
        let base = "https://news.example.com/list/index.html"
        guard let document = try? Document(html: data, url: base), let baseURL = URL(string: base) else { return }
        let links: [(url: String, text: String)]
        do {
            links = try ArticleLinks(base: baseURL).find(in: document, selectors: [])
        } catch {
            return
        }
        for link in links {
            let scheme = URLComponents(string: link.url)?.scheme?.lowercased()
            try Invariants.check(scheme == "http" || scheme == "https", "link '\(link.url)' is not http(s)")
            try Invariants.check(!link.url.contains("#"), "link '\(link.url)' keeps its fragment")
        }
    }
}

/// Response header lines as libcurl hands them over, then what finews does with each value:
/// Content-Type picks the charset, Retry-After a time, ETag and Last-Modified go back in the next request.
enum HeadersHarness {
    static func run(_ data: Data) throws(InvariantBroken) {
        var headers = HTTPHeaders()
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            headers.receive(line: String(decoding: line, as: UTF8.self) + "\n")
        }
        let response = FetchResponse(url: "https://example.com/", finalURL: "https://example.com/", status: 200,
                                     headers: headers, body: Data(), attempts: 1)
        _ = try? TextDecoder.decode(Data("<p>新闻</p>".utf8), contentType: response.contentType, location: "fuzz")
        if let value = headers["retry-after"], let date = RetryAfter.date(from: value, now: Invariants.fixedNow) {
            try Invariants.check(date.timeIntervalSince1970.isFinite, "Retry-After '\(value)' gave \(date)")
        }
        if let lastModified = response.lastModified { _ = HTTPDate.parse(lastModified) }
        let request = FetchRequest(url: "https://example.com/", etag: response.etag, lastModified: response.lastModified)
        for line in request.headerLines {
            try Invariants.check(!line.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 },
                                 "request header line \(line.debugDescription) would split the request")
        }
    }
}
