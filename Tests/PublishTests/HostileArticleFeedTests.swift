import Config
import Dedup
import Foundation
import Model
import Publish
import Store
import TestSupport
import Testing

/// Whatever came in, what goes out is valid: random and hostile articles (XML-forbidden characters,
/// script and data links, offsets and years no feed can carry, markup in titles) are rendered and every
/// feed is checked with Tests/FeedChecks/check_feeds.py, the validators the feed checks use.
@Suite struct HostileArticleFeedTests {

    static let links: [String?] = [
        nil, "https://example.com/a?x=1&y=<2>", "HTTP://EXAMPLE.COM/B", "javascript:alert(1)", "JaVaScRiPt:alert(1)",
        "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", " https://example.com/",
        "java\tscript:alert(1)", "//example.com/protocol-relative", "https://", "mailto:a@example.com", "",
        "https://例子.中国/新闻/1", "http://[::1]:8080/x",
    ]
    static let pieces = [
        "江北新区", "&", "<script>alert(1)</script>", "]]>", "\u{0}", "\u{1}", "\u{B}", "\u{1F}", "\u{7F}", "\u{FFFE}",
        "\u{FFFF}", "\u{D7FF}", "\u{E000}", "😀", "\u{202E}", "\"'", "\r\n", "&amp;", "&#0;", " ",
    ]

    static func text(_ random: inout SplitMix64, count: Int) -> String {
        (0..<count).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    static func date(_ random: inout SplitMix64) -> ZonedDate? {
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return nil
        case 1: return ZonedDate(date: Date(timeIntervalSince1970: .random(in: 0...2e9, using: &random)),
                                 utcOffset: Int.random(in: -100_000...100_000, using: &random))
        case 2: return ZonedDate(date: Date(timeIntervalSince1970: .random(in: -1e14...1e14, using: &random)),
                                 utcOffset: 8 * 3600)
        case 3: return ZonedDate(date: Date(timeIntervalSince1970: .random(in: 0...2e9, using: &random)),
                                 utcOffset: Int.random(in: -18...18, using: &random) * 3600 + 59)
        default: return ZonedDate(date: Date(timeIntervalSince1970: .random(in: 0...2e9, using: &random)),
                                  utcOffset: Int.random(in: -72...72, using: &random) * 15 * 60)
        }
    }

    func render(seed: UInt64, count: Int, in folder: TemporaryFolder) throws -> URL {
        var random = SplitMix64(seed: seed)
        var config = FinewsConfig(file: folder.path("finews.yaml"), database: folder.path("a.sqlite"),
                                  output: folder.path("public"), sources: [SourceConfig(id: "wild", kind: .files)])
        config.feed.baseURL = "https://feeds.example.com/"
        let archive = try Archive(path: config.database)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let refresh = try archive.beginRefresh(trigger: .manual, at: now)
        let drafts = (0..<count).map { index in
            var draft = ArticleDraft(itemID: "item-\(index)-" + Self.text(&random, count: 2),
                                     link: Self.links.randomElement(using: &random)!,
                                     title: "标题 \(index) " + Self.text(&random, count: 6),
                                     published: Self.date(&random), outlet: Self.text(&random, count: 2),
                                     author: Self.text(&random, count: 2),
                                     categories: [Category(name: "分类" + Self.text(&random, count: 1))],
                                     bodyHTML: "<p>正文 \(index)</p>" + Self.text(&random, count: 8))
            draft.imageURL = Self.links.randomElement(using: &random)!
            return draft
        }
        // Stored as the preparation stage hands them over, hostile text and all: the writers must cope.
        let articles = drafts.map { draft in
            let text = "正文 " + draft.title
            return PreparedArticle(draft, itemID: draft.itemID, contentHTML: draft.bodyHTML, contentText: text,
                                   fingerprint: Fingerprinter().fingerprint(text))
        }
        _ = try archive.apply(SourceBatch(sourceID: "wild", kind: "files", articles: articles), refreshID: refresh, at: now)
        try Publisher(archive: archive, config: config).publish()
        return folder.path("public")
    }

    static func checkFeeds(_ folder: URL) throws -> (status: Int32, output: String) {
        let script = Fixtures.repositoryRoot.appendingPathComponent("Tests/FeedChecks/check_feeds.py").path
        let result = try CommandRunner(executable: URL(fileURLWithPath: "/usr/bin/env")).run(["python3", script, folder.path])
        return (result.status, result.stdout + result.stderr)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func everyFeedPassesTheFeedChecks(seed: UInt64) throws {
        let folder = try TemporaryFolder("hostile-feeds")
        let output = try render(seed: seed, count: 60, in: folder)
        let result = try Self.checkFeeds(output)
        #expect(result.status == 0, "\(result.output.split(separator: "\n").prefix(20).joined(separator: "\n"))")
    }

    /// Script, data and other non-http links are dropped; the item stays.
    @Test func nonHTTPLinksAreDroppedAndTheItemKept() throws {
        let folder = try TemporaryFolder("hostile-links")
        let output = try render(seed: 7, count: 40, in: folder)
        for name in ["feed.xml", "atom.xml", "feed.json"] {
            let text = try String(contentsOf: output.appendingPathComponent(name), encoding: .utf8)
            for scheme in ["javascript:", "JaVaScRiPt:", "vbscript:", "data:text", "file:", "mailto:"] {
                #expect(!text.contains(scheme), "\(name) carries \(scheme)")
            }
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("feed.json")))
        let items = (json as? [String: Any])?["items"] as? [Any]
        #expect(items?.count == 40)
    }

    /// The same archive renders the same ids every time.
    @Test func idsAreStable() throws {
        let first = try TemporaryFolder("hostile-ids-1"), second = try TemporaryFolder("hostile-ids-2")
        let a = try Data(contentsOf: render(seed: 11, count: 20, in: first).appendingPathComponent("feed.json"))
        let b = try Data(contentsOf: render(seed: 11, count: 20, in: second).appendingPathComponent("feed.json"))
        func ids(_ data: Data) throws -> [String] {
            let feed = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            return (feed?["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        }
        #expect(try ids(a).count == 20)
        #expect(try ids(a) == ids(b))
    }
}

/// A publisher killed between writing a file and renaming it leaves `.<name>.<pid>.tmp` behind (found
/// by scripts/kill-loop); the next publish removes it, and leaves a live process's alone.
@Suite struct StaleTemporaryFileTests {
    @Test func theNextPublishRemovesADeadPublishersTemporaryFiles() throws {
        let folder = try TemporaryFolder("stale-tmp")
        let output = OutputFolder(root: folder.url)
        _ = try folder.write(".changes.atom.999999.tmp", "<feed")
        _ = try folder.write("categories/a/.feed.xml.999998.tmp", "<rss")
        let mine = ".feed.json.\(getpid()).tmp"
        _ = try folder.write(mine, "{")
        #expect(output.removeStaleTemporaries() == 2)
        #expect(!FileManager.default.fileExists(atPath: folder.path(".changes.atom.999999.tmp").path))
        #expect(!FileManager.default.fileExists(atPath: folder.path("categories/a/.feed.xml.999998.tmp").path))
        #expect(FileManager.default.fileExists(atPath: folder.path(mine).path))
    }
}
