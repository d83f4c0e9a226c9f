import Foundation
import Testing

/// The feeds over HTTP, fetched with curl from a real server on 127.0.0.1.
@Suite struct FeedServerTests {
    static let feeds = [
        "/atom.xml", "/feed.xml", "/feed.json", "/categories/nanjingchenbao/atom.xml",
        "/categories/nanjingchenbao/feed.xml", "/sources/seeds/feed.json", "/changes.atom", "/changes.jsonl",
    ]

    @Test func everyFeedIsServedAtItsPathWithTheBytesOnDisk() async throws {
        let server = try await TestServer.start()
        for path in Self.feeds {
            let answer = try await Curl.get(server.url(path))
            #expect(answer.status == 200, "\(path)")
            #expect(answer.body == (try server.file(String(path.dropFirst()))), "\(path)")
            #expect(answer["content-type"]?.hasSuffix("; charset=utf-8") == true, "\(path): \(answer.headers)")
            #expect(answer["etag"] != nil && answer["last-modified"] != nil, "\(path)")
        }
        #expect(try await Curl.get(server.url("/atom.xml"))["content-type"] == "application/atom+xml; charset=utf-8")
        #expect(try await Curl.get(server.url("/feed.xml"))["content-type"] == "application/rss+xml; charset=utf-8")
        #expect(try await Curl.get(server.url("/feed.json"))["content-type"] == "application/feed+json; charset=utf-8")
        await server.stop()
    }

    @Test func conditionalRequestsGet304UntilTheFileChanges() async throws {
        let server = try await TestServer.start()
        let first = try await Curl.get(server.url("/atom.xml"))
        let etag = try #require(first["etag"]), modified = try #require(first["last-modified"])
        let byTag = try await Curl.get(server.url("/atom.xml"), ["-H", "If-None-Match: \(etag)"])
        #expect(byTag.status == 304)
        #expect(byTag.body.isEmpty)
        #expect(byTag["etag"] == etag)
        #expect(try await Curl.get(server.url("/atom.xml"), ["-H", "If-Modified-Since: \(modified)"]).status == 304)
        #expect(try await Curl.get(server.url("/atom.xml"), ["-H", "If-None-Match: \"other\""]).status == 200)

        // An unchanged refresh leaves the file alone, so the validators still hold.
        _ = try await server.daemon.refresh(sources: nil, trigger: .manual)
        #expect(try await Curl.get(server.url("/atom.xml"), ["-H", "If-None-Match: \(etag)"]).status == 304)

        // An edited article rewrites the feed: a new ETag and the full answer.
        let seed = try #require(FileManager.default.contentsOfDirectory(atPath: server.workspace.posts.path).sorted().first)
        let post = server.workspace.posts.appendingPathComponent(seed)
        var text = try String(contentsOf: post, encoding: .utf8)
        text += "\n\n补充：本文已更新。\n"
        try text.write(to: post, atomically: true, encoding: .utf8)
        _ = try await server.daemon.refresh(sources: nil, trigger: .manual)
        let changed = try await Curl.get(server.url("/atom.xml"), ["-H", "If-None-Match: \(etag)"])
        #expect(changed.status == 200)
        #expect(changed["etag"] != etag)
        #expect(changed.body == (try server.file("atom.xml")))
        await server.stop()
    }

    @Test func gzipWhenAcceptedWithItsOwnETag() async throws {
        let server = try await TestServer.start()
        let plain = try await Curl.get(server.url("/atom.xml"))
        let zipped = try await Curl.get(server.url("/atom.xml"), ["-H", "Accept-Encoding: gzip"])
        #expect(zipped["content-encoding"] == "gzip")
        #expect(zipped["vary"] == "Accept-Encoding")
        #expect(zipped.body.count < plain.body.count)
        #expect(zipped["etag"] != plain["etag"])
        // curl decodes it back to the bytes on disk.
        let decoded = try await Curl.get(server.url("/atom.xml"), ["--compressed"])
        #expect(decoded.body == (try server.file("atom.xml")))
        let notModified = try await Curl.get(server.url("/atom.xml"),
                                       ["-H", "Accept-Encoding: gzip", "-H", "If-None-Match: \(zipped["etag"] ?? "")"])
        #expect(notModified.status == 304)
        #expect(try await Curl.get(server.url("/atom.xml"), ["-H", "Accept-Encoding: gzip;q=0"])["content-encoding"] == nil)
        await server.stop()
    }

    @Test func headAnswersTheHeadersWithoutABody() async throws {
        let server = try await TestServer.start()
        let head = try await Curl.get(server.url("/feed.json"), ["-I"])
        #expect(head.status == 200)
        #expect(head["content-length"] == String(try server.file("feed.json").count))
        #expect(head["content-type"] == "application/feed+json; charset=utf-8")
        // On the wire: the head, then nothing, even though Content-Length announces the feed's size.
        let port = server.port
        let raw = try await offPool { () -> Data in
            guard let connection = RawConnection(port: port) else { return Data() }
            connection.send("HEAD /feed.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            return connection.receive().data
        }
        let text = String(decoding: raw, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 200"))
        #expect(text.hasSuffix("\r\n\r\n"), "\(text)")
        await server.stop()
    }

    @Test func unknownPathsAre404AndDotDotIsRefused() async throws {
        let server = try await TestServer.start()
        for path in ["/nope.xml", "/categories/nope/atom.xml", "/.finews-publish.json", "/categories/", "/seeds.sqlite"] {
            #expect(try await Curl.get(server.url(path)).status == 404, "\(path)")
        }
        for path in ["/../finews.yaml", "/%2e%2e/finews.yaml", "/categories/../../finews.yaml", "/categories/%2E%2E/atom.xml",
                     "/./atom.xml"] {
            let answer = try await Curl.get(server.url(path), ["--path-as-is"])
            #expect(answer.status == 400, "\(path)")
            #expect(!String(decoding: answer.body, as: UTF8.self).contains("sources:"), "\(path)")
        }
        #expect(try await Curl.get(server.url("/atom.xml"), ["-X", "POST"]).status == 405)
        await server.stop()
    }

    @Test func healthzTellsWhetherARefreshHasFinished() async throws {
        let fresh = try await TestServer.start(refreshFirst: false, scheduled: false)
        let early = try await Curl.get(fresh.url("/healthz"))
        #expect(early.status == 503)
        #expect(String(decoding: early.body, as: UTF8.self).contains("none finished yet"))
        _ = try await fresh.daemon.refresh(sources: ["seeds"], trigger: .manual)
        let healthy = try await Curl.get(fresh.url("/healthz"))
        #expect(healthy.status == 200)
        #expect(String(decoding: healthy.body, as: UTF8.self).hasPrefix("ok"))
        await fresh.stop()
    }

    @Test func metricsAndTheIndexPageDescribeTheRefreshes() async throws {
        let server = try await TestServer.start()
        let metrics = String(decoding: try await Curl.get(server.url("/metrics")).body, as: UTF8.self)
        #expect(metrics.contains("finews_refreshes_total{trigger=\"manual\",result=\"ok\"}"))
        #expect(metrics.contains("finews_articles 5"))
        #expect(metrics.contains("finews_stories "))
        #expect(metrics.contains("finews_source_fetch_duration_seconds_bucket{source=\"seeds\""))
        #expect(metrics.contains("finews_source_errors_total{source=\"seeds\"} 0"))
        let feeds = try await Curl.get(server.url("/feeds"))
        #expect(feeds["content-type"] == "text/html; charset=utf-8")
        let html = String(decoding: feeds.body, as: UTF8.self)
        #expect(html.contains("href=\"/categories/nanjingchenbao/atom.xml\""))
        #expect(html.contains("href=\"/sources/seeds/feed.json\""))
        let sources = String(decoding: try await Curl.get(server.url("/sources")).body, as: UTF8.self)
        #expect(sources.contains("<td class=\"ok\">ok</td>"))
        #expect(!html.contains("<script") && !sources.contains("<script"))
        await server.stop()
    }

    @Test func pagesCarryACSPWithoutScriptAndAnswer304ToTheirETag() async throws {
        let server = try await TestServer.start()
        for path in ["/", "/feeds", "/sources", "/search?q=%E5%8C%BA%E5%9D%97%E9%93%BE", "/style.css"] {
            let page = try await Curl.get(server.url(path))
            #expect(page.status == 200, "\(path)")
            let policy = try #require(page["content-security-policy"], "\(path)")
            #expect(policy.contains("default-src 'none'") && !policy.contains("script-src"), "\(path)")
            let etag = try #require(page["etag"], "\(path)")
            #expect(try await Curl.get(server.url(path), ["-H", "If-None-Match: \(etag)"]).status == 304, "\(path)")
            let zipped = try await Curl.get(server.url(path), ["-H", "Accept-Encoding: gzip"])
            #expect(zipped.status == 200, "\(path)")
        }
        let front = String(decoding: try await Curl.get(server.url("/")).body, as: UTF8.self)
        #expect(front.contains("江北新区召开科技金融发展大会"))
        #expect(front.contains("<link rel=\"alternate\" type=\"application/atom+xml\""))
        #expect(try await Curl.get(server.url("/articles/nope")).status == 404)
        #expect(try await Curl.get(server.url("/search/atom.xml?q=%E5%8C%BA%E5%9D%97%E9%93%BE"))["content-type"]
            == "application/atom+xml; charset=utf-8")
        #expect(try await Curl.get(server.url("/search"), ["-X", "POST"]).status == 405)
        await server.stop()
    }

    @Test func postRefreshExistsOnlyWithATokenAndNeedsIt() async throws {
        let open = try await TestServer.start()
        #expect(try await Curl.get(open.url("/refresh"), ["-X", "POST"]).status == 404)
        await open.stop()

        let token = "s3cret-token-0123456789"
        let server = try await TestServer.start(token: token)
        #expect(try await Curl.get(server.url("/refresh"), ["-X", "POST"]).status == 401)
        #expect(try await Curl.get(server.url("/refresh"), ["-X", "POST", "-H", "Authorization: Bearer wrong-token-0123456789"]).status == 401)
        #expect(try await Curl.get(server.url("/refresh"), ["-H", "Authorization: Bearer \(token)"]).status == 405)
        let accepted = try await Curl.get(server.url("/refresh"), ["-X", "POST", "-H", "Authorization: Bearer \(token)"])
        #expect(accepted.status == 200)
        let json = try JSONSerialization.jsonObject(with: accepted.body) as? [String: Any]
        #expect(json?["status"] as? String == "ok")
        #expect((json?["outcomes"] as? [[String: Any]])?.first?["unchanged"] as? Int == 5)
        await server.stop()
    }
}
