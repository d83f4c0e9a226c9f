import Foundation

/// What went wrong fetching one URL. Every case names the URL.
public enum FetchError: Error, Equatable, Sendable {
    case invalidURL(String)
    /// A final status other than 2xx/304 (after retries for 5xx).
    case httpStatus(url: String, status: Int)
    /// 429 or 503 after retries; `retryAfter` is when the server asked to be called again, if it said.
    case throttled(url: String, status: Int, retryAfter: Date?)
    /// Connect timeout, total timeout, or a body slower than the low-speed limit.
    case timedOut(url: String)
    case transport(url: String, message: String)
    /// The decoded body passed `limit` bytes (a gzip bomb counts by what it inflates to).
    case bodyTooLarge(url: String, limit: Int)
    case tooManyRedirects(url: String, limit: Int)
    /// The connection would have gone to a private, loopback or link-local address.
    case refusedAddress(url: String, address: String)
    case cancelled(url: String)

    public var url: String {
        switch self {
        case let .invalidURL(url), let .httpStatus(url, _), let .throttled(url, _, _), let .timedOut(url),
             let .transport(url, _), let .bodyTooLarge(url, _), let .tooManyRedirects(url, _),
             let .refusedAddress(url, _), let .cancelled(url):
            url
        }
    }
}

extension FetchError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .invalidURL(url): "not an http(s) URL: \(url)"
        case let .httpStatus(url, status): "HTTP \(status) from \(url)"
        case let .throttled(url, status, retryAfter):
            "HTTP \(status) from \(url)" + (retryAfter.map { ", retry after \($0)" } ?? "")
        case let .timedOut(url): "timed out fetching \(url)"
        case let .transport(url, message): "\(message) (\(url))"
        case let .bodyTooLarge(url, limit): "body of \(url) is over \(limit) bytes"
        case let .tooManyRedirects(url, limit): "more than \(limit) redirects from \(url)"
        case let .refusedAddress(url, address): "\(url) resolves to non-public address \(address)"
        case let .cancelled(url): "cancelled fetching \(url)"
        }
    }
}
