import Foundation
import Subscribe
import Testing
@testable import Server

/// RSSHub's common parameters on the served feeds, through curl against a real server over the seeds.
@Suite struct FilteredFeedTests {
    static let feeds = """
        feeds:
          - id: blockchain
            title: 区块链
            include: [区块链]

        """

    static func start() async throws -> TestServer { try await TestServer.start(topLevel: feeds) }

    static func titles(_ answer: Curl.Answer) throws -> [String] {
        let json = try #require(try JSONSerialization.jsonObject(with: answer.body) as? [String: Any])
        return (json["items"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    @Test func filtersNarrowEveryFeedAndASimplifiedKeywordFindsTraditionalArticles() async throws {
        let server = try await Self.start()
        let all = try Self.titles(try await Curl.get(server.url("/feed.json")))
        #expect(all.count == 5)
        let chain = try await Curl.get(server.url("/feed.json?filter=" + Self.encode("区块链")))
        #expect(chain.status == 200)
        #expect(chain["content-type"] == "application/feed+json; charset=utf-8")
        let chainTitles = try Self.titles(chain)
        #expect(chainTitles.count == 4, "\(chainTitles)")
        // The Traditional seed (區塊鏈) is among them, and the Traditional keyword finds the same four.
        #expect(try Self.titles(try await Curl.get(server.url("/feed.json?filter=" + Self.encode("區塊鏈")))) == chainTitles)
        #expect(try Self.titles(try await Curl.get(server.url("/feed.json?filter_title=" + Self.encode("重庆")))).count == 1)
        let out = try Self.titles(try await Curl.get(server.url("/feed.json?filter=" + Self.encode("区块链") + "&filterout_title=" + Self.encode("重庆"))))
        #expect(out.count == 3 && !out.contains { $0.contains("重庆") })
        #expect(try Self.titles(try await Curl.get(server.url("/feed.json?filter=" + Self.encode("区块链") + "&limit=2"))) == Array(chainTitles.prefix(2)))
        #expect(try Self.titles(try await Curl.get(server.url("/categories/zhengquanribaowang/feed.json?filter=" + Self.encode("区块链")))).count == 1)
        #expect(try Self.titles(try await Curl.get(server.url("/sources/seeds/feed.json?filterout=" + Self.encode("区块链")))).count == 1)
        #expect(try Self.titles(try await Curl.get(server.url("/feeds/blockchain/feed.json?filter_title=" + Self.encode("重庆")))).count == 1)
        // The seeds are from 2021: a one-hour window keeps only the one without a date of its own, which
        // the feeds date by when finews first saw it.
        #expect(try Self.titles(try await Curl.get(server.url("/feed.json?filter_time=3600"))) == ["蘇州將成為江蘇省區塊鏈發展新高地"])

        let atom = try await Curl.get(server.url("/atom.xml?filter=" + Self.encode("区块链")))
        #expect(atom["content-type"] == "application/atom+xml; charset=utf-8")
        let text = String(decoding: atom.body, as: UTF8.self)
        #expect(text.contains("<id>http://127.0.0.1:8080/atom.xml?filter=%E5%8C%BA%E5%9D%97%E9%93%BE</id>"), "\(text.prefix(600))")
        #expect(text.components(separatedBy: "<entry>").count == 5)
        let rss = String(decoding: try await Curl.get(server.url("/feed.xml?filter=" + Self.encode("区块链"))).body, as: UTF8.self)
        #expect(rss.components(separatedBy: "<item>").count == 5)
        await server.stop()
    }

    @Test func briefAndOpenccRewriteTheEntries() async throws {
        let server = try await Self.start()
        let hk = try await Curl.get(server.url("/feed.json?opencc=s2hk&filter_title=" + Self.encode("重庆")))
        let json = try #require(try JSONSerialization.jsonObject(with: hk.body) as? [String: Any])
        let item = try #require((json["items"] as? [[String: Any]])?.first)
        #expect((item["title"] as? String)?.hasPrefix("重慶區塊鏈產業") == true, "\(item["title"] ?? "")")
        #expect((item["content_html"] as? String)?.contains("區塊鏈") == true)
        let brief = try await Curl.get(server.url("/feed.json?brief=100&limit=1"))
        let briefItem = try #require(((try JSONSerialization.jsonObject(with: brief.body) as? [String: Any])?["items"] as? [[String: Any]])?.first)
        let html = try #require(briefItem["content_html"] as? String)
        #expect(html.hasPrefix("<p>") && html.hasSuffix("…</p>"))
        #expect(!html.dropFirst(3).dropLast(4).contains("<"))
        await server.stop()
    }

    @Test func eachQueryHasItsOwnETagAnd304UntilAPublishChangesIt() async throws {
        let server = try await Self.start()
        let path = "/atom.xml?filter=" + Self.encode("区块链")
        let first = try await Curl.get(server.url(path))
        let etag = try #require(first["etag"])
        let plain = try await Curl.get(server.url("/atom.xml"))
        let other = try await Curl.get(server.url(path + "&limit=1"))
        #expect(Set([etag, plain["etag"] ?? "", other["etag"] ?? ""]).count == 3)
        let again = try await Curl.get(server.url(path))
        #expect(again.body == first.body && again["etag"] == etag)
        let notModified = try await Curl.get(server.url(path), ["-H", "If-None-Match: \(etag)"])
        #expect(notModified.status == 304 && notModified.body.isEmpty)
        // The same query spelt otherwise is the same variant.
        let respelt = try await Curl.get(server.url("/atom.xml?filter=%E5%8C%BA%E5%9D%97%E9%93%BE&utm_source=x"),
                                         ["-H", "If-None-Match: \(etag)"])
        #expect(respelt.status == 304)
        let zipped = try await Curl.get(server.url(path), ["-H", "Accept-Encoding: gzip"])
        #expect(zipped["content-encoding"] == "gzip" && zipped["etag"] != etag)
        #expect(try await Curl.get(server.url(path), ["--compressed"]).body == first.body)

        // A matching seed is edited: the publish drops the cached variant and the ETag moves.
        let seed = server.workspace.posts.appendingPathComponent("003_f707384828011882.txt")
        var text = try String(contentsOf: seed, encoding: .utf8)
        text = text.replacingOccurrences(of: "重庆区块链产业再迎新发展机遇。", with: "重庆区块链产业再迎新发展机遇（更新）。")
        try text.write(to: seed, atomically: true, encoding: .utf8)
        _ = try await server.daemon.refresh(sources: nil, trigger: .manual)
        let changed = try await Curl.get(server.url(path), ["-H", "If-None-Match: \(etag)"])
        #expect(changed.status == 200)
        #expect(changed["etag"] != etag)
        #expect(String(decoding: changed.body, as: UTF8.self).contains("（更新）"))
        await server.stop()
    }

    @Test func badQueriesAre400WithAShortReason() async throws {
        let server = try await Self.start()
        for (query, words) in [("filter=(unclosed", "bad pattern"), ("filter_titel=x", "unknown parameter 'filter_titel'"),
                               ("filter=" + String(repeating: "a", count: 300), "pattern too long"),
                               ("filter=" + Self.encode("(?=x)"), "bad pattern"), ("limit=0", "'limit'"),
                               ("brief=10", "'brief'"), ("opencc=zz", "'opencc'"), ("filter=a&filter=b", "more than once")] {
            let answer = try await Curl.get(server.url("/atom.xml?" + query))
            let body = String(decoding: answer.body, as: UTF8.self)
            #expect(answer.status == 400, "\(query)")
            #expect(body.contains(words) && body.count < 400, "\(query): \(body)")
        }
        #expect(try await Curl.get(server.url("/categories/nope/atom.xml?filter=x")).status == 404)
        #expect(try await Curl.get(server.url("/feeds/nope/atom.xml?filter=x")).status == 404)
        // Files that are not feeds, and feeds with no parameter of RSSHub's, are served as they are.
        #expect(try await Curl.get(server.url("/changes.atom?filter=x")).body == (try server.file("changes.atom")))
        #expect(try await Curl.get(server.url("/atom.xml?_=1")).body == (try server.file("atom.xml")))
        await server.stop()
    }

    @Test func theIndexAndOPMLListKeywordFeeds() async throws {
        let server = try await Self.start()
        let index = String(decoding: try await Curl.get(server.url("/feeds")).body, as: UTF8.self)
        #expect(index.contains("feeds/blockchain/atom.xml") && index.contains("opml.xml"))
        let opml = try await Curl.get(server.url("/opml.xml"))
        #expect(opml.status == 200)
        #expect(String(decoding: opml.body, as: UTF8.self).contains("feeds/blockchain/feed.xml"))
        await server.stop()
    }

    @Test func cachedVariantsAreBoundedLeastRecentlyUsedFirst() {
        let cache = FilteredFeeds()
        let file = FilteredFeeds.cachedFile(Array("x".utf8), contentType: "text/plain", query: FeedQuery(), renderedAt: 0)
        for index in 0..<FilteredFeeds.maximumEntries {
            cache.store("/atom.xml?q=\(index)", file, generation: 1)
        }
        #expect(cache.fresh("/atom.xml?q=0", generation: 1) != nil)
        for index in 0..<10 {
            cache.store("/atom.xml?new=\(index)", file, generation: 1)
        }
        #expect(cache.count == FilteredFeeds.maximumEntries)
        #expect(cache.fresh("/atom.xml?q=0", generation: 1) != nil, "recently used, kept")
        #expect(cache.fresh("/atom.xml?q=1", generation: 1) == nil, "least recently used, evicted")
        #expect(cache.fresh("/atom.xml?new=9", generation: 1) != nil)
        #expect(cache.fresh("/atom.xml?new=9", generation: 2) == nil, "a publish invalidates it")
    }
}
