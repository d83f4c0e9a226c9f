/// One request, a GET unless `body` is set (then a POST). `etag` and `lastModified` are the validators stored from the previous response to this
/// URL; with them the request is conditional (RFC 9110 §13.1) and an unchanged resource answers 304.
public struct FetchRequest: Sendable, Hashable {
    public var url: String
    public var etag: String?
    public var lastModified: String?
    /// Extra request headers (`Accept`, `Referer`, a site's API key header).
    public var headers: [String: String]
    /// A POST body (a JSON or form query of a news API); nil: GET. Its Content-Type goes in `headers`.
    public var body: [UInt8]?

    public init(url: String, etag: String? = nil, lastModified: String? = nil, headers: [String: String] = [:],
                body: [UInt8]? = nil) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.headers = headers
        self.body = body
    }
}

extension FetchRequest {
    /// The request's header lines for libcurl. A value holding CR, LF or NUL is not sent: an ETag or
    /// Last-Modified is stored from a server's answer, and written back verbatim it could start a
    /// header of the server's choosing (RFC 9110 §5.5).
    package var headerLines: [String] {
        var fields = headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if let etag { fields.append(("If-None-Match", etag)) }
        if let lastModified { fields.append(("If-Modified-Since", lastModified)) }
        return fields.filter { Self.isSendable($0.0) && Self.isSendable($0.1) }.map { "\($0.0): \($0.1)" }
    }

    private static func isSendable(_ text: String) -> Bool {
        !text.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }
}
