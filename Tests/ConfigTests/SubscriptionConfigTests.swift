import Config
import Foundation
import Subscribe
import TestSupport
import Testing

/// `feeds:`, `keep:`/`block:` and `opml:` in the configuration.
@Suite struct SubscriptionConfigTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder("config")
        try FileManager.default.createDirectory(at: folder.path("posts"), withIntermediateDirectories: true)
    }

    func load(_ yaml: String) throws(ConfigError) -> FinewsConfig {
        let file = folder.path("finews.yaml")
        try? Data(yaml.utf8).write(to: file)
        return try FinewsConfig.load(from: file)
    }

    func failure(_ yaml: String) -> String {
        do {
            _ = try load(yaml)
            return "loaded"
        } catch {
            return error.description
        }
    }

    static let seeds = """
        sources:
          - id: seeds
            kind: files
            path: posts

        """

    @Test func keywordFeedsAndRulesLoad() throws {
        let config = try load("""
            feeds:
              - id: blockchain
                title: 区块链
                include: [区块链, "(?i)blockchain"]
                exclude: [广告]
                sources: [seeds]
                categories: [jinrong]
            sources:
              - id: seeds
                kind: files
                path: posts
                keep:
                  - 金融
                block:
                  - title: 广告|推广
                  - link: /vip/
                  - author: 软文
                  - body: 免责声明
            """)
        let feed = try #require(config.keywordFeeds.first)
        #expect(feed.id == "blockchain" && feed.title == "区块链" && feed.folder == "feeds/blockchain/")
        #expect(feed.include.map(\.source) == ["区块链", "(?i)blockchain"])
        #expect(feed.exclude.map(\.source) == ["广告"])
        #expect(feed.sources == ["seeds"] && feed.categories == ["jinrong"])
        let rules = try #require(config.sources.first?.rules)
        #expect(rules.keep.map(\.field) == [.any])
        #expect(rules.block.map(\.field) == [.title, .link, .author, .body])
        #expect(rules.block.first?.pattern.source == "广告|推广")
    }

    @Test func mistakesNameTheLineAndTheKey() {
        #expect(failure("feeds:\n  - id: Bad Id\n    title: x\n" + Self.seeds).contains(":2: 'feeds[0].id'"))
        #expect(failure("feeds:\n  - id: a\n" + Self.seeds).contains("missing required key 'feeds[0].title'"))
        #expect(failure("feeds:\n  - id: a\n    title: x\n    include: [\"(oops\"]\n" + Self.seeds)
            .contains(":4: 'feeds[0].include[0]': bad pattern '(oops'"))
        #expect(failure("feeds:\n  - id: a\n    title: x\n    sources: [nope]\n" + Self.seeds).contains("no source 'nope'"))
        #expect(failure("feeds:\n  - id: a\n    title: x\n  - id: a\n    title: y\n" + Self.seeds).contains("duplicate feed id 'a'"))
        #expect(failure("feeds:\n  - id: a\n    title: x\n    inclued: [x]\n" + Self.seeds).contains("unknown key 'feeds[0].inclued'"))
        #expect(failure(Self.seeds + "    block:\n      - subject: x\n").contains(":6: 'sources[0].block[0]' must be"))
        #expect(failure(Self.seeds + "    keep:\n      - \"a{2,1}\"\n").contains(":6: 'sources[0].keep[0]': bad pattern"))
        #expect(failure(Self.seeds + "    block:\n      - \(String(repeating: "x", count: 300))\n").contains("pattern too long"))
    }

    func opml(_ name: String) throws -> FinewsConfig {
        try FileManager.default.copyItem(at: Fixtures.url("opml/\(name)"), to: folder.path(name))
        return try load("opml: \(name)\n" + Self.seeds)
    }

    @Test func readersExportsBecomeFeedSourcesWithStableIDs() throws {
        let newsboat = try opml("newsboat.opml")
        #expect(newsboat.sources.map(\.id) == ["seeds", "caixinwangjinrong", "wall-street-notes", "xianggangcaijing"])
        #expect(newsboat.sources.dropFirst().allSatisfy { $0.kind == .feed })
        #expect(newsboat.sources[1].url == "https://www.caixin.example/rss/finance.xml")
        #expect(newsboat.sources[1].title == "财新网 金融")

        let miniflux = try opml("miniflux.opml")
        #expect(miniflux.sources.map(\.id) == ["seeds", "caixinwangjinrong", "yangxinggonggao", "wall-street-notes"])

        let freshrss = try opml("freshrss.opml")
        // The second feed titled 香港財經 gets the same slug plus a hash of its URL.
        #expect(freshrss.sources.count == 4)
        #expect(freshrss.sources[2].id == "xianggangcaijing")
        #expect(freshrss.sources[3].id.hasPrefix("xianggangcaijing-") && freshrss.sources[3].id.count == "xianggangcaijing-".count + 6)

        let inoreader = try opml("inoreader.opml")
        #expect(inoreader.sources.map(\.url) == [nil, "https://www.caixin.example/rss/finance.xml",
                                                 "https://symbols.example/feed.xml", "https://wallstreet.example/feed"])
        #expect(inoreader.sources[2].id.hasPrefix("feed-"))

        // Loading again gives the same ids.
        #expect(try load("opml: inoreader.opml\n" + Self.seeds).sources.map(\.id) == inoreader.sources.map(\.id))
        // A source list made of the OPML alone.
        #expect(try load("opml: inoreader.opml\n").sources.count == 3)
    }

    @Test func badOutlinesNameTheirLine() throws {
        for name in ["bad-entry.opml", "no-url.opml", "broken.opml"] {
            try FileManager.default.copyItem(at: Fixtures.url("opml/\(name)"), to: folder.path(name))
        }
        let bad = failure("opml: bad-entry.opml\n" + Self.seeds)
        #expect(bad.contains("bad-entry.opml:6: OPML: xmlUrl 'ftp://files.example/feed.xml' is not an http or https URL"), "\(bad)")
        let missing = failure("opml: no-url.opml\n" + Self.seeds)
        #expect(missing.contains("no-url.opml:6: OPML: an outline of type 'rss' has no xmlUrl"), "\(missing)")
        let broken = failure("opml: broken.opml\n" + Self.seeds)
        #expect(broken.contains("broken.opml:") && broken.contains("OPML: not well-formed XML"), "\(broken)")
        #expect(failure("opml: absent.opml\n" + Self.seeds).contains("absent.opml: cannot read"))
    }
}
