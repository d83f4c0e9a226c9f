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
