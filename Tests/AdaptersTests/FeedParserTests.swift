import Decode
import Foundation
import Model
import Adapters
import Testing
import TestSupport

@Suite struct FeedParserTests {
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    let feedURL = "http://news.example.cn/rss/finance.xml"

    private func parse(_ text: String) throws -> ParsedFeed {
        try FeedParser.parse(text, url: feedURL, timeZone: shanghai)
    }

    @Test func rss20WithContentEncodedDublinCoreAndMedia() throws {
        let feed = try parse("""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
             xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
        <channel><title>财经要闻</title><link>http://news.example.cn/</link>
        <item>
          <title>央行开展2000亿元逆回购操作</title>
          <link>/a/20250603/1.html</link>
          <guid isPermaLink="false">news-1</guid>
          <description>摘要</description>
          <content:encoded><![CDATA[<p>央行今日开展<b>2000亿元</b>逆回购操作。</p><script>alert(1)</script>]]></content:encoded>
          <dc:date>2025-06-03T09:30:00+08:00</dc:date>
          <dc:creator>记者 王明</dc:creator>
          <category>宏观</category><category>货币政策</category>
          <media:content url="http://img.example.cn/1.jpg" medium="image"/>
          <source url="http://other.example.cn/rss">新华社</source>
        </item>
        </channel></rss>
        """)
        #expect(feed.format == .rss)
        #expect(feed.title == "财经要闻")
        let item = try #require(feed.items.first)
        #expect(item.id == "news-1")
        #expect(item.link == "http://news.example.cn/a/20250603/1.html")
        #expect(item.author == "记者 王明")
        #expect(item.categories == ["宏观", "货币政策"])
        #expect(item.imageURL == "http://img.example.cn/1.jpg")
        #expect(item.published?.rfc3339 == "2025-06-03T09:30:00+08:00")
        let draft = try item.draft(feedURL: feedURL).get()
        #expect(draft.itemID == "news-1")
        #expect(draft.outlet == "新华社")
        #expect(draft.prepared.text == "央行今日开展2000亿元逆回购操作。")
        #expect(draft.bodyHTML.contains("<script>"), "the adapter hands the body over as found")
        #expect(!draft.prepared.html.contains("script"))
        #expect(draft.categories.map(\.name) == ["宏观", "货币政策"])
    }

    @Test func rss091WithPubDateAndGuidAsLink() throws {
        let feed = try parse("""
        <rss version="0.91"><channel><title>旧版</title>
        <item><title>沪指收涨</title><guid>http://news.example.cn/b/2.html</guid>
        <pubDate>Tue, 03 Jun 2025 15:05:00 +0800</pubDate><description>&lt;p&gt;收涨0.5%&lt;/p&gt;</description>
        <enclosure url="http://img.example.cn/2.png" type="image/png" length="1"/></item>
        </channel></rss>
        """)
        let item = try #require(feed.items.first)
        #expect(item.link == "http://news.example.cn/b/2.html")
        #expect(item.imageURL == "http://img.example.cn/2.png")
        let draft = try item.draft(feedURL: feedURL).get()
        #expect(draft.prepared.text == "收涨0.5%")
        #expect(draft.published?.date == Date(timeIntervalSince1970: 1_748_934_300))
    }

    @Test func rss10RDF() throws {
        let feed = try parse("""
        <?xml version="1.0"?>
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                 xmlns:dc="http://purl.org/dc/elements/1.1/">
          <channel rdf:about="http://news.example.cn/"><title>RDF 频道</title><link>http://news.example.cn/</link></channel>
          <item rdf:about="http://news.example.cn/c/3.html"><title>债市走强</title>
            <link>http://news.example.cn/c/3.html</link><dc:date>2025-06-03 10:00:00</dc:date>
            <description>国债期货全线上涨。</description></item>
        </rdf:RDF>
        """)
        #expect(feed.format == .rdf)
        #expect(feed.title == "RDF 频道")
        let item = try #require(feed.items.first)
        #expect(item.id == "http://news.example.cn/c/3.html")
        // No zone in the date: the source's zone (Beijing) applies.
        #expect(item.published?.rfc3339 == "2025-06-03T10:00:00+08:00")
    }

    @Test func atom10() throws {
        let feed = try parse("""
        <feed xmlns="http://www.w3.org/2005/Atom"><title>Atom 财经</title>
          <link rel="alternate" href="http://news.example.cn/"/><author><name>编辑部</name></author>
          <entry><id>tag:news.example.cn,2025:4</id><title type="html">港股&lt;b&gt;反弹&lt;/b&gt;</title>
            <link rel="alternate" type="text/html" href="http://news.example.cn/d/4.html"/>
            <link rel="enclosure" type="image/jpeg" href="http://img.example.cn/4.jpg"/>
            <published>2025-06-03T08:00:00Z</published><updated>2025-06-03T09:00:00Z</updated>
            <category term="hk" label="港股"/>
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>恒指涨1%。</p></div></content>
          </entry>
        </feed>
        """)
        #expect(feed.format == .atom)
        let item = try #require(feed.items.first)
        #expect(item.title == "港股反弹")
        #expect(item.author == "编辑部")
        #expect(item.link == "http://news.example.cn/d/4.html")
        #expect(item.imageURL == "http://img.example.cn/4.jpg")
        #expect(item.categories == ["港股"])
        #expect(item.published?.rfc3339 == "2025-06-03T08:00:00Z" || item.published?.date == Date(timeIntervalSince1970: 1_748_937_600))
        #expect(try item.draft(feedURL: feedURL).get().prepared.text == "恒指涨1%。")
    }

    @Test func atom03EscapedContent() throws {
        let feed = try parse("""
        <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>旧 Atom</title>
          <entry><title>期货夜盘</title><link rel="alternate" type="text/html" href="http://news.example.cn/e/5.html"/>
            <id>urn:5</id><issued>2025-06-03T21:00:00+08:00</issued>
            <content type="text/html" mode="escaped">&lt;p&gt;螺纹钢收跌。&lt;/p&gt;</content></entry>
        </feed>
        """)
        #expect(feed.format == .atom03)
        let item = try #require(feed.items.first)
        #expect(item.published?.rfc3339 == "2025-06-03T21:00:00+08:00")
        #expect(try item.draft(feedURL: feedURL).get().prepared.text == "螺纹钢收跌。")
    }

    @Test(arguments: ["https://jsonfeed.org/version/1", "https://jsonfeed.org/version/1.1"])
    func jsonFeed(_ version: String) throws {
        let feed = try parse("""
        {"version": "\(version)", "title": "JSON 财经", "home_page_url": "http://news.example.cn/",
         "authors": [{"name": "编辑部"}],
         "items": [{"id": 6, "url": "/f/6.html", "title": "A股成交额破万亿", "content_text": "两市成交放大。\\n北向资金净流入。",
                    "date_published": "2025-06-03T15:00:00+08:00", "tags": ["A股"],
                    "attachments": [{"url": "http://img.example.cn/6.webp", "mime_type": "image/webp"}]}]}
        """)
        #expect(feed.format == .jsonFeed)
        let item = try #require(feed.items.first)
        #expect(item.id == "6")
        #expect(item.link == "http://news.example.cn/f/6.html")
        #expect(item.author == "编辑部")
        #expect(item.imageURL == "http://img.example.cn/6.webp")
        #expect(try item.draft(feedURL: feedURL).get().prepared.text == "两市成交放大。\n北向资金净流入。")
    }

    @Test func bareAmpersandIsKept() throws {
        let feed = try parse("""
        <rss version="2.0"><channel><title>A&B 财经</title>
        <item><title>沪深300 & 创业板</title><link>http://news.example.cn/g/7.html?a=1&b=2</link>
        <description>涨&amp;跌 &#20013; &nbsp;</description></item></channel></rss>
        """)
        #expect(feed.title == "A&B 财经")
        let item = try #require(feed.items.first)
        #expect(item.title == "沪深300 & 创业板")
        #expect(item.link == "http://news.example.cn/g/7.html?a=1&b=2")
    }

    @Test func brokenXMLIsRecovered() throws {
        let feed = try parse("""
        <rss version="2.0"><channel><title>残缺</title>
        <item><title>第一条</title><link>http://news.example.cn/h/8.html</link><description><p>未闭合</description></item>
        <item><title>第二条</title><link>http://news.example.cn/h/9.html</link>
        """)
        #expect(feed.items.compactMap(\.title) == ["第一条", "第二条"])
    }

    @Test func gb2312FeedDecodedThenParsed() throws {
        let data = try Fixtures.data("decode/rss-gb2312.xml")
        let text = try TextDecoder.decode(data, contentType: "application/rss+xml", location: "rss-gb2312.xml").text
        let feed = try FeedParser.parse(text, url: "http://127.0.0.1/rss.xml", timeZone: shanghai)
        #expect(feed.title == "财经频道")
        #expect(feed.items.first?.title == "央行开展逆回购操作")
        #expect(feed.items.first?.published?.rfc3339 == "2025-06-03T09:30:00+08:00")
    }

    @Test func titlelessFlashNewsTakesItsFirstSentence() throws {
        let feed = try parse("""
        <rss version="2.0"><channel><title>快讯</title>
        <item><guid>k1</guid><description>【快讯】国家统计局：5月CPI同比下降0.1%。PPI同比下降3.3%。</description></item>
        <item><guid>k2</guid></item></channel></rss>
        """)
        #expect(try feed.items[0].draft(feedURL: feedURL).get().title == "【快讯】国家统计局：5月CPI同比下降0.1%")
        #expect(feed.items[1].draft(feedURL: feedURL) == .failure(.noTitle(feedURL: feedURL, itemID: "k2")))
    }

    @Test func itemWithoutGuidOrLinkGetsAStableDigestID() throws {
        let text = """
        <rss version="2.0"><channel><title>t</title><item><title>无链接</title><pubDate>2025-06-03 09:00</pubDate></item></channel></rss>
        """
        let first = try parse(text).items[0].draft(feedURL: feedURL).get().itemID
        #expect(first.hasPrefix("sha256:"))
        #expect(try parse(text).items[0].draft(feedURL: feedURL).get().itemID == first)
    }

    @Test func notAFeed() {
        #expect(throws: FeedError.notAFeed(url: feedURL, root: "html")) {
            try parse("<html><body><p>这不是订阅源</p></body></html>")
        }
        #expect(throws: FeedError.self) { try parse("{\"records\": 1") }
    }
}
