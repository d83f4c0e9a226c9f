import Dedup
import Config
import Foundation
import Markup
import Model
import Publish
import Store
import TestSupport
import Testing

/// Feeds parsed back with libxml2: the fields readers rely on, in the forms the specs require.
@Suite struct FeedRenderingTests {
    let folder: TemporaryFolder
    let archive: Archive
    let publisher: Publisher
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    init() throws {
        folder = try TemporaryFolder("publish")
        var config = FinewsConfig(file: folder.path("finews.yaml"), database: folder.path("a.sqlite"),
                                  output: folder.path("public"), sources: [SourceConfig(id: "wire", kind: .files)])
        config.feed.baseURL = "https://feeds.example.com/finews/"
        archive = try Archive(path: config.database)
        publisher = Publisher(archive: archive, config: config)
        let refresh = try archive.beginRefresh(trigger: .manual, at: now)
        let published = ZonedDate.parse("2021-12-23 13:43:05 +0800", defaultZone: Self.shanghai)
        let drafts = [
            ArticleDraft(itemID: "NW1", link: "https://example.com/a?infoCode=NW1", title: "江北新区 & <科技>",
                         published: published, outlet: "南京晨报", author: "记者 王", categories: [Category(name: "南京晨报")],
                         bodyHTML: "<p>正文一</p>"),
            ArticleDraft(itemID: "NW2", title: "无日期", bodyHTML: "<p>正文二</p>"),
        ]
        // As the refresh's preparation stage hands them to the writer.
        let articles = drafts.map { draft in
            let text = draft.bodyHTML.replacingOccurrences(of: "<p>", with: "").replacingOccurrences(of: "</p>", with: "")
            return PreparedArticle(draft, itemID: draft.itemID, contentHTML: draft.bodyHTML, contentText: text,
                                   fingerprint: Fingerprinter().fingerprint(text))
        }
        _ = try archive.apply(SourceBatch(sourceID: "wire", kind: "files", articles: articles), refreshID: refresh, at: now)
        try publisher.publish()
    }

    func document(_ path: String) throws -> Document {
        try Document(xml: try Data(contentsOf: folder.path("public/" + path)))
    }

    let atom = ["a": "http://www.w3.org/2005/Atom"]

    @Test func atomKeepsTheSourceOffsetAndHasWhatRFC4287Requires() throws {
        let feed = try document("atom.xml")
        #expect(try feed.xpath("/a:feed/a:id", namespaces: atom).first?.text == "https://feeds.example.com/finews/atom.xml")
        #expect(try feed.xpath("/a:feed/a:link[@rel='self']/@href", namespaces: atom).first?.text
            == "https://feeds.example.com/finews/atom.xml")
        #expect(try feed.xpath("/a:feed/a:author/a:name", namespaces: atom).first?.text == "finews")
        let entries = try feed.xpath("/a:feed/a:entry", namespaces: atom)
        #expect(entries.count == 2)
        let dated = try #require(try feed.xpath("//a:entry[a:title='江北新区 & <科技>']", namespaces: atom).first)
        #expect(try dated.xpath("a:published", namespaces: atom).first?.text == "2021-12-23T13:43:05+08:00")
        #expect(try dated.xpath("a:updated", namespaces: atom).first?.text == "2021-12-23T13:43:05+08:00")
        #expect(try dated.xpath("a:id", namespaces: atom).first?.text.hasPrefix("urn:uuid:") == true)
        #expect(try dated.xpath("a:content[@type='html']", namespaces: atom).first?.text == "<p>正文一</p>")
        #expect(try dated.xpath("a:category/@term", namespaces: atom).first?.text == "nanjingchenbao")
        #expect(try dated.xpath("a:author/a:name", namespaces: atom).first?.text == "记者 王")
        // Undated: the time it was first seen, in the configured zone.
        let undated = try #require(try feed.xpath("//a:entry[a:title='无日期']/a:published", namespaces: atom).first)
        #expect(undated.text == "2023-11-15T06:13:20+08:00")
    }

    @Test func rssUsesRFC822DatesAndASelfLink() throws {
        let feed = try document("feed.xml")
        #expect(try feed.xpath("/rss/@version").first?.text == "2.0")
        #expect(try feed.xpath("/rss/channel/*[local-name()='link'][@rel='self']/@href").first?.text
            == "https://feeds.example.com/finews/feed.xml")
        let item = try #require(try feed.xpath("//item[title='江北新区 & <科技>']").first)
        #expect(try item.xpath("pubDate").first?.text == "Thu, 23 Dec 2021 13:43:05 +0800")
        #expect(try item.xpath("guid/@isPermaLink").first?.text == "false")
        #expect(try item.xpath("link").first?.text == "https://example.com/a?infoCode=NW1")
        #expect(try item.xpath("category").first?.text == "南京晨报")
    }

    @Test func jsonFeedIsVersionOnePointOne() throws {
        let data = try Data(contentsOf: folder.path("public/feed.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["version"] as? String == "https://jsonfeed.org/version/1.1")
        #expect(object["feed_url"] as? String == "https://feeds.example.com/finews/feed.json")
        let items = try #require(object["items"] as? [[String: Any]])
        #expect(items.count == 2)
        let first = try #require(items.first { $0["title"] as? String == "江北新区 & <科技>" })
        #expect(first["date_published"] as? String == "2021-12-23T13:43:05+08:00")
        #expect((first["authors"] as? [[String: String]])?.first?["name"] == "记者 王")
    }

    @Test func idsAreStableAndPerCategoryFeedsExist() throws {
        let first = try document("atom.xml").xpath("//*[local-name()='entry']/*[local-name()='id']").map(\.text)
        let again = try document("categories/nanjingchenbao/atom.xml").xpath("//*[local-name()='entry']/*[local-name()='id']")
        #expect(again.count == 1)
        #expect(first.contains(again[0].text))
        #expect(try document("sources/wire/feed.xml").xpath("//item").count == 2)
    }

    @Test func theChangeLogIsAppendOnlyJSONLines() throws {
        let log = try String(contentsOf: folder.path("public/changes.jsonl"), encoding: .utf8)
        let lines = log.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["kind"] as? String == "new")
        #expect(first["source"] as? String == "wire")
        #expect(try document("changes.atom").xpath("//*[local-name()='entry']").count == 2)
        // Publishing again with nothing new appends nothing.
        try publisher.publish()
        #expect(try String(contentsOf: folder.path("public/changes.jsonl"), encoding: .utf8) == log)
    }

    @Test func theChangeLogIsWrittenPageByPageWithEveryEventOnceInOrder() throws {
        // Three more events, logged two at a time: pages of 2, 2 and 1 after the setup's two lines.
        let refresh = try archive.beginRefresh(trigger: .manual, at: now)
        let articles = ["NW3", "NW4", "NW5"].map { id in
            PreparedArticle(ArticleDraft(itemID: id, title: "标题 \(id)", bodyHTML: "<p>\(id)</p>"), itemID: id,
                            contentHTML: "<p>\(id)</p>", contentText: "正文 \(id) 不同的内容",
                            fingerprint: Fingerprinter().fingerprint("正文 \(id) 不同的内容"))
        }
        _ = try archive.apply(SourceBatch(sourceID: "wire", kind: "files", articles: articles), refreshID: refresh, at: now)
        var paged = publisher
        paged.changeLogPage = 2
        try paged.publish()
        let lines = try String(contentsOf: folder.path("public/changes.jsonl"), encoding: .utf8).split(separator: "\n")
        let ids = try lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["id"] as? Int
        }
        let stored = try archive.changes(after: 0, limit: 100).map { Int($0.id) }
        #expect(stored.count >= 5)
        #expect(ids == stored)
    }
}
