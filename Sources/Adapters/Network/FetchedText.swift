import Decode
import Fetch
import Foundation
import Model

/// One GET of a source's URL (or an article page) turned into text: conditional when validators are
/// stored, refused when the media type cannot be text, decoded by the Decode stage's charset rules.
struct FetchedText: Sendable {
    enum Body: Sendable {
        /// 304: the stored copy is current.
        case notModified
        case text(DecodedText, finalURL: String)
    }

    var exchange: HTTPExchange
    var result: Result<Body, SourceError>

    /// `cacheKey` names the exchange and its validators when the URL itself varies (a `json` source's
    /// URL with `{now_ms}` in it is stored under its template).
    static func get(_ url: String, context: SourceContext, conditional: Bool = false, headers: [String: String] = [:],
                    postBody: [UInt8]? = nil, cacheKey: String? = nil) async -> FetchedText {
        let key = cacheKey ?? url
        guard let client = context.client else {
            return FetchedText(exchange: HTTPExchange(url: key),
                               result: .failure(.misconfigured(source: url, reason: "no HTTP client for a network source")))
        }
        let stored = conditional ? context.validators[key] : nil
        let request = FetchRequest(url: url, etag: stored?.etag, lastModified: stored?.lastModified, headers: headers,
                                   body: postBody)
        switch await client.fetch(request) {
        case .failure(let error):
            return FetchedText(exchange: exchange(for: error, url: key), result: .failure(.fetch(error)))
        case .success(let response):
            let validators = HTTPValidators(etag: response.etag, lastModified: response.lastModified)
            let exchange = HTTPExchange(url: key, status: response.status, validators: validators.isEmpty ? nil : validators)
            return FetchedText(exchange: exchange, result: body(of: response))
        }
    }

    private static func body(of response: FetchResponse) -> Result<Body, SourceError> {
        if response.notModified { return .success(.notModified) }
        if let type = response.contentType, !MediaType.canBeText(type) {
            return .failure(.wrongContentType(location: response.url, contentType: type))
        }
        do {
            let decoded = try TextDecoder.decode(response.body, contentType: response.contentType, location: response.url)
            return .success(.text(decoded, finalURL: response.finalURL))
        } catch .binary {
            return .failure(.binary(location: response.url))
        } catch {
            return .failure(.unreadable(location: response.url, reason: "the bytes decode in no known charset"))
        }
    }

    private static func exchange(for error: FetchError, url: String) -> HTTPExchange {
        switch error {
        case let .httpStatus(_, status): HTTPExchange(url: url, status: status)
        case let .throttled(_, status, retryAfter): HTTPExchange(url: url, status: status, retryAfter: retryAfter)
        default: HTTPExchange(url: url)
        }
    }
}

/// Media types a feed, an API answer or a page may come as. Sites serve feeds as `text/html` or
/// `application/octet-stream` often enough that only types that cannot be text are refused.
enum MediaType {
    static func canBeText(_ contentType: String) -> Bool {
        let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard !type.isEmpty else { return true }
        if type.hasPrefix("text/") || type.contains("xml") || type.contains("json") || type.contains("javascript") {
            return true
        }
        return type == "application/octet-stream" || type == "binary/octet-stream"
    }
}
