import Foundation
import Hummingbird
import HTTPTypes
import Model
import NIOCore

/// Pages answered like the feeds: an entity tag over the bytes, 304 for a matching If-None-Match,
/// gzip when accepted, and on every page a Content-Security-Policy that allows no script at all.
enum PageResponse {
    /// Pages are styled by `/style.css` only; images in article bodies may come from anywhere on the web.
    static let contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' https: http: data:; "
        + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    /// Paths the backend renders; everything else is a published file.
    static func isPage(_ path: String) -> Bool {
        switch path {
        case "/", "/index.html", "/feeds", "/sources", "/search", "/style.css",
             "/search/atom.xml", "/search/feed.xml", "/search/feed.json":
            return true
        default:
            return path.hasPrefix("/stories/") || path.hasPrefix("/articles/")
        }
    }

    static func response(_ page: PageAnswer, request: Request) -> Response {
        let bytes = Array(page.body.utf8)
        let tag = "\"" + Digest.sha256Hex(Data(bytes)).prefix(24) + "\""
        let gzip = bytes.count >= 1024 && Negotiation.acceptsGzip(request.headers[.acceptEncoding])
        let etag = gzip ? String(tag.dropLast()) + "-gz\"" : tag
        var headers = HTTPFields()
        headers[.contentType] = page.contentType
        headers[.cacheControl] = "no-cache"
        headers[.vary] = "Accept-Encoding"
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        let status = HTTPResponse.Status(code: page.status)
        if status == .ok {
            headers[.eTag] = etag
            if let match = request.headers[.ifNoneMatch],
               match.split(separator: ",").contains(where: { tagMatches($0, tag) }) {
                return Response(status: .notModified, headers: headers)
            }
        }
        let body = gzip ? Gzip.compress(bytes) : nil
        if body != nil { headers[.contentEncoding] = "gzip" }
        let buffer = ByteBuffer(bytes: body ?? bytes)
        headers[.contentLength] = String(buffer.readableBytes)
        return Response(status: status, headers: headers,
                        body: request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: buffer))
    }

    /// Weak comparison (RFC 9110 §13.1.2): either coding's tag validates the same page.
    private static func tagMatches(_ given: Substring, _ tag: String) -> Bool {
        var given = given.trimmingCharacters(in: .whitespaces)
        if given == "*" { return true }
        if given.hasPrefix("W/") { given.removeFirst(2) }
        return given == tag || given == String(tag.dropLast()) + "-gz\""
    }
}
