import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import Subscribe

/// Answers every request: the published files at their paths in the output folder, the index page,
/// `/healthz`, `/metrics` and, with a token configured, `POST /refresh`. No router: the paths are few and
/// the file path is the hot one.
struct FeedResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let backend: any FeedBackend
    let feeds: StaticFeeds

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        if PageResponse.isPage(path), request.method == .get || request.method == .head,
           let page = await backend.page(path: path.removingPercentEncoding ?? path, query: request.uri.query) {
            return PageResponse.response(page, request: request)
        }
        switch path {
        case "/", "/index.html", "/feeds", "/sources":
            return await readOnly(request) { await page(request) }
        case "/healthz":
            return await readOnly(request) { await health(request) }
        case "/metrics":
            return await readOnly(request) {
                Self.text(await backend.metrics(), type: "text/plain; version=0.0.4; charset=utf-8", request: request)
            }
        case "/refresh":
            return await refresh(request)
        default:
            if let query = request.uri.query, !query.isEmpty {
                return await readOnly(request) { await filtered(path, query: query, request) }
            }
            return await readOnly(request) { file(path, request) }
        }
    }

    private func readOnly(_ request: Request, _ answer: () async -> Response) async -> Response {
        guard request.method == .get || request.method == .head else {
            var headers = HTTPFields()
            headers[.allow] = "GET, HEAD"
            return Self.text("method not allowed\n", status: .methodNotAllowed, headers: headers, request: request)
        }
        return await answer()
    }

    private func file(_ rawPath: String, _ request: Request) -> Response {
        switch feeds.resolve(rawPath) {
        case .refused: return Self.text("bad path\n", status: .badRequest, request: request)
        case .notFound: return Self.notFound(request)
        case let .stream(path, size, type): return Self.stream(path: path, size: size, type: type, request: request)
        case .file(let file):
            let (head, body) = StaticFeeds.answer(file, method: request.method, headers: request.headers)
            return Response(status: head.status, headers: head.headerFields,
                            body: body.map { ResponseBody(byteBuffer: $0) } ?? ResponseBody())
        }
    }

    /// A feed with RSSHub's common parameters. Other files, and feeds whose query names none of them
    /// (a reader's cache-busting suffix), are served as they are.
    private func filtered(_ rawPath: String, query rawQuery: String, _ request: Request) async -> Response {
        guard case .file(let relative) = FeedPath.classify(rawPath), FilteredFeeds.isFeed(relative),
              let type = FeedContentType.of(relative) else { return file(rawPath, request) }
        let query: FeedQuery
        do {
            query = try FeedQuery.parse(Substring(rawQuery))
        } catch {
            return Self.text("bad query: \(error.description)\n", status: .badRequest, request: request)
        }
        guard !query.isEmpty else { return file(rawPath, request) }
        let target = request.head.path ?? rawPath + "?" + rawQuery
        let generation = backend.publishGeneration()
        let cached: CachedFile
        if let fresh = feeds.filtered.fresh(target, generation: generation) {
            cached = fresh
        } else {
            switch await backend.filteredFeed(relative, query: query) {
            case .notFound: return Self.notFound(request)
            case .badRequest(let reason): return Self.text("bad query: \(reason)\n", status: .badRequest, request: request)
            case .unavailable: return Self.text("the archive cannot be read now\n", status: .serviceUnavailable, request: request)
            case .feed(let data):
                cached = FilteredFeeds.cachedFile([UInt8](data), contentType: type, query: query,
                                                  renderedAt: Int(Date().timeIntervalSince1970))
                feeds.filtered.store(target, cached, generation: generation)
            }
        }
        let (head, body) = StaticFeeds.answer(cached, method: request.method, headers: request.headers)
        return Response(status: head.status, headers: head.headerFields,
                        body: body.map { ResponseBody(byteBuffer: $0) } ?? ResponseBody())
    }

    /// Files too large to hold are read per request in chunks (an old, long `changes.jsonl`).
    static func stream(path: String, size: Int, type: String, request: Request) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentLength] = String(size)
        guard request.method == .get else { return Response(status: .ok, headers: headers) }
        let body = ResponseBody(contentLength: size) { writer in
            guard let handle = FileHandle(forReadingAtPath: path) else { return }
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    private func page(_ request: Request) async -> Response {
        var headers = HTTPFields()
        headers[.cacheControl] = "no-cache"
        return Self.text(IndexPage.render(await backend.summary()), type: "text/html; charset=utf-8",
                         headers: headers, request: request)
    }

    private func health(_ request: Request) async -> Response {
        let report = await backend.health()
        var headers = HTTPFields()
        headers[.cacheControl] = "no-store"
        return Self.text(report.detail, status: report.healthy ? .ok : .serviceUnavailable, headers: headers, request: request)
    }

    private func refresh(_ request: Request) async -> Response {
        guard let token = backend.refreshToken() else { return Self.notFound(request) }
        guard request.method == .post else {
            var headers = HTTPFields()
            headers[.allow] = "POST"
            return Self.text("method not allowed\n", status: .methodNotAllowed, headers: headers, request: request)
        }
        guard Negotiation.bearerMatches(request.headers[.authorization], token: token) else {
            var headers = HTTPFields()
            headers[.wwwAuthenticate] = "Bearer realm=\"finews\""
            return Self.text("a valid bearer token is required\n", status: .unauthorized, headers: headers, request: request)
        }
        let answer = await backend.refresh()
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: answer.succeeded ? .ok : .internalServerError, headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.json)))
    }

    static func notFound(_ request: Request) -> Response {
        text("not found\n", status: .notFound, request: request)
    }

    static func text(_ text: String, status: HTTPResponse.Status = .ok, type: String = "text/plain; charset=utf-8",
                     headers: HTTPFields = HTTPFields(), request: Request) -> Response {
        var headers = headers
        headers[.contentType] = type
        let buffer = ByteBuffer(string: text)
        headers[.contentLength] = String(buffer.readableBytes)
        return Response(status: status, headers: headers,
                        body: request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: buffer))
    }
}
