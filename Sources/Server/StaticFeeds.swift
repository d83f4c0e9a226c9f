import Foundation
import HTTPTypes
import NIOCore

/// The published files, resolved from a request path and answered from the cache. Shared by the fast
/// path on the event loop (`FastFeedHandler`) and the Hummingbird responder.
final class StaticFeeds: Sendable {
    let backend: any FeedBackend
    let cache = FileCache()
    let filtered = FilteredFeeds()

    init(backend: any FeedBackend) {
        self.backend = backend
    }

    enum Resolution {
        case file(CachedFile)
        case stream(path: String, size: Int, contentType: String)
        case notFound
        case refused
    }

    func resolve(_ rawPath: String) -> Resolution {
        let generation = backend.publishGeneration()
        let now = NIODeadline.now().uptimeNanoseconds
        if let file = cache.fresh(route: rawPath, generation: generation, now: now) { return .file(file) }
        let relative: String
        switch FeedPath.classify(rawPath) {
        case .refused: return .refused
        case .notServed: return .notFound
        case .file(let path): relative = path
        }
        guard let type = FeedContentType.of(relative) else { return .notFound }
        let path = backend.outputPath() + "/" + relative
        switch cache.lookup(route: rawPath, path: path, contentType: type, generation: generation, now: now) {
        case .missing: return .notFound
        case .tooLarge(let path, let size): return .stream(path: path, size: size, contentType: type)
        case .cached(let file): return .file(file)
        }
    }

    /// The answer to GET or HEAD of a cached file: 304 when the client's validators match, else 200 in
    /// the best coding it accepts. `body` is nil for 304 and HEAD.
    static func answer(_ file: CachedFile, method: HTTPRequest.Method, headers: HTTPFields) -> (head: HTTPResponse, body: ByteBuffer?) {
        let gzip = file.gzip != nil && Negotiation.acceptsGzip(headers[.acceptEncoding])
        if Negotiation.notModified(headers, file: file) {
            return (HTTPResponse(status: .notModified, headerFields: gzip ? file.gzipNotModifiedHeaders : file.notModifiedHeaders), nil)
        }
        let head = HTTPResponse(status: .ok, headerFields: gzip ? file.gzipHeaders : file.identityHeaders)
        return (head, method == .head ? nil : (gzip ? file.gzip : file.identity))
    }
}
