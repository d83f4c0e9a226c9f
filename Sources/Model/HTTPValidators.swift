/// The validators of a stored HTTP response (RFC 9110 §8.8): sent back as If-None-Match and
/// If-Modified-Since so an unchanged resource answers 304 without a body.
public struct HTTPValidators: Sendable, Hashable, Codable {
    public var etag: String?
    public var lastModified: String?

    public init(etag: String?, lastModified: String?) {
        self.etag = etag
        self.lastModified = lastModified
    }

    /// Nothing to send back: the response carried neither field.
    public var isEmpty: Bool { etag == nil && lastModified == nil }
}
