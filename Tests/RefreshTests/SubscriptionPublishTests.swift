import Config
import Foundation
import Model
import Refresh
import Store
import TestSupport
import Testing

/// Keyword feeds and `opml.xml` in the output folder, and keep/block rules at ingest, through a real
/// refresh of the seeds.
@Suite struct SubscriptionPublishTests {
    let workspace: Workspace
    let clock = ManualClock(Date(timeIntervalSince1970: 1_700_000_000))

    init() throws {
        workspace = try Workspace()
    }

    func configure(feeds: String = "", rules: String = "") throws -> (FinewsConfig, Archive) {
        var text = try String(contentsOf: workspace.configFile, encoding: .utf8)
        text = text.replacingOccurrences(of: "sources:\n", with: feeds + "sources:\n") + "\n" + rules
        try text.write(to: workspace.configFile, atomically: true, encoding: .utf8)
        let config = try FinewsConfig.load(from: workspace.configFile)
        return (config, try Archive(path: config.database))
    }

    func refresh(_ config: FinewsConfig, _ archive: Archive) async throws -> RefreshReport {
        clock.advance(by: 60)
        return try await Refresher(config: config, archive: archive, clock: clock).run(trigger: .manual)
    }

    func entryTitles(_ path: String) throws -> [String] {
        let data = try Data(contentsOf: workspace.output.appendingPathComponent(path))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (json["items"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
    }

    func post(_ name: String, title: String, body: String, category: String = "jinrong") throws {
        try """
            ---
            title: "\(title)"
            date: 2021-12-30 10:00:00 +0800
            categories: \(category)
            ---
            <p>\(body)</p>
            """.write(to: workspace.posts.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    static let feeds = """
        feeds:
          - id: blockchain
            title: 区块链
            include: [区块链]
          - id: nanjing-no-chain
            title: 南京 (not 江北)
            include: [南京]
            exclude: [江北新区]
          - id: none
            title: nothing
            include: [不会出现的词]

        """

    @Test func keywordFeedsArePublishedAsFilesInEveryFormat() async throws {
        let (config, archive) = try configure(feeds: Self.feeds)
        _ = try await refresh(config, archive)
        var chain: [String] = [], nanjingExpected: [String] = []
        try archive.forEachArticle { article in
            let text = article.title + article.contentText
            if text.contains("区块链") || text.contains("區塊鏈") { chain.append(article.title) }
            if text.contains("南京") && !text.contains("江北新区") { nanjingExpected.append(article.title) }
        }
        // Seed 004 is in Traditional script: 區塊鏈 is found by 区块链.
        #expect(chain.count == 4)
        #expect(Set(try entryTitles("feeds/blockchain/feed.json")) == Set(chain))
        #expect(try entryTitles("feeds/none/feed.json").isEmpty)
        let nanjing = try entryTitles("feeds/nanjing-no-chain/feed.json")
        #expect(!nanjing.isEmpty && Set(nanjing) == Set(nanjingExpected))
        for file in ["atom.xml", "feed.xml", "feed.json"] {
            #expect(FileManager.default.fileExists(atPath: workspace.output.appendingPathComponent("feeds/blockchain/" + file).path))
        }
        let atom = try String(contentsOf: workspace.output.appendingPathComponent("feeds/blockchain/atom.xml"), encoding: .utf8)
        #expect(atom.contains("<title>finews test · 区块链</title>"))
        #expect(atom.contains("http://127.0.0.1:8080/feeds/blockchain/atom.xml"))
    }

    @Test func aKeywordFeedTakenOutOfTheConfigurationLeavesNoFiles() async throws {
        let (config, archive) = try configure(feeds: Self.feeds)
        _ = try await refresh(config, archive)
        var fewer = config
        fewer.keywordFeeds.removeAll { $0.id == "none" }
        _ = try await refresh(fewer, archive)
        let feeds = workspace.output.appendingPathComponent("feeds")
        #expect(try FileManager.default.contentsOfDirectory(atPath: feeds.path).sorted() == ["blockchain", "nanjing-no-chain"])
        #expect(!String(decoding: try Data(contentsOf: workspace.output.appendingPathComponent("opml.xml")), as: UTF8.self)
            .contains("feeds/none/"))
    }

    @Test func opmlListsEveryPublishedFeedWithTitles() async throws {
        let (config, archive) = try configure(feeds: Self.feeds)
        _ = try await refresh(config, archive)
        let opml = try Data(contentsOf: workspace.output.appendingPathComponent("opml.xml"))
        let text = String(decoding: opml, as: UTF8.self)
        var urls: [String] = []
        for line in text.components(separatedBy: "xmlUrl=\"").dropFirst() {
            urls.append(String(line.prefix { $0 != "\"" }))
        }
        let base = "http://127.0.0.1:8080/"
        #expect(urls.first == base + "feed.xml")
        for folder in ["categories/nanjingchenbao/", "sources/seeds/", "feeds/blockchain/", "feeds/none/", "feeds/nanjing-no-chain/"] {
            #expect(urls.contains(base + folder + "feed.xml"), "\(folder)")
        }
        // Every listed feed exists in the folder.
        for url in urls {
            let path = String(url.dropFirst(base.count))
            #expect(FileManager.default.fileExists(atPath: workspace.output.appendingPathComponent(path).path), "\(path)")
        }
        #expect(text.contains("title=\"finews test · 区块链\""))
        #expect(text.hasPrefix("<?xml") && text.contains("<opml version=\"2.0\">"))
    }

    @Test func onlyTheKeywordFeedsAChangeTouchesAreRenderedAgain() async throws {
        let (config, archive) = try configure(feeds: Self.feeds)
        _ = try await refresh(config, archive)
        try post("100.html", title: "人工智能周报", body: "与任何关键词都无关。")
        let unrelated = try await refresh(config, archive)
        #expect(unrelated.outcomes.first?.new == 1)
        #expect(!unrelated.publishedFiles.contains { $0.hasPrefix("feeds/") }, "\(unrelated.publishedFiles)")

        try post("101.html", title: "香港推動區塊鏈發展", body: "區塊鏈新政。")
        let related = try await refresh(config, archive)
        #expect(related.publishedFiles.contains("feeds/blockchain/atom.xml"))
        #expect(!related.publishedFiles.contains { $0.hasPrefix("feeds/none/") || $0.hasPrefix("feeds/nanjing") })
        #expect(try entryTitles("feeds/blockchain/feed.json").contains("香港推動區塊鏈發展"))

        // An edit that takes the keyword out drops the article from the feed.
        try post("101.html", title: "香港推動金融科技發展", body: "金融科技新政。")
        let edited = try await refresh(config, archive)
        #expect(edited.publishedFiles.contains("feeds/blockchain/feed.json"))
        #expect(!(try entryTitles("feeds/blockchain/feed.json")).contains { $0.hasPrefix("香港推動") })
    }

    @Test func blockAndKeepRulesDropItemsBeforeTheyAreStored() async throws {
        let (config, archive) = try configure(rules: """
                keep:
                  - 金融|区块链
                block:
                  - title: 重庆
                  - 国际金融科技生态园
            """)
        try post("100.html", title: "人工智能周报", body: "与金融无关。", category: "keji")
        try post("101.html", title: "体育新闻", body: "足球。", category: "tiyu")
        let report = try await refresh(config, archive)
        let outcome = try #require(report.outcomes.first)
        // 体育新闻 has no keep word; the 重庆 seed and the 生态园 seed are blocked.
        #expect(outcome.skipped == 3)
        #expect(outcome.new == 4)
        var titles: [String] = []
        try archive.forEachArticle { titles.append($0.title) }
        #expect(!titles.contains { $0.contains("重庆") || $0 == "体育新闻" })
        #expect(titles.contains("人工智能周报"))
        // A second refresh skips them again and removes nothing.
        let again = try await refresh(config, archive)
        #expect(again.outcomes.first?.skipped == 3)
        #expect(again.outcomes.first?.removed == 0)
        #expect(try archive.articleCount() == 4)
    }
}
