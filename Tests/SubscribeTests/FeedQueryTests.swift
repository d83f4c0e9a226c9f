import Foundation
import Model
import Subscribe
import Testing

/// RSSHub's common parameters: parsing, and what a parsed query keeps and rewrites.
@Suite struct FeedQueryTests {
    func parse(_ text: String) throws -> FeedQuery { try FeedQuery.parse(Substring(text)) }

    @Test func parametersHaveRSSHubsNamesAndMeanings() throws {
        let query = try parse("filter=%E5%8C%BA%E5%9D%97%E9%93%BE&filterout_title=%E5%B9%BF%E5%91%8A&filter_author=a+b"
            + "&filter_category=jinrong&filter_time=3600&filter_case_sensitive=false&limit=5&brief=120&opencc=s2hk&_=123")
        #expect(query.include == [.any: "区块链", .author: "a b", .category: "jinrong"])
        #expect(query.exclude == [.title: "广告"])
        #expect(query.maximumAge == 3600)
        #expect(!query.caseSensitive)
        #expect(query.limit == 5)
        #expect(query.brief == 120)
        #expect(query.conversion == "s2hk")
        #expect(try parse("_=1&utm_source=x").isEmpty)
    }

    @Test func orderAndEncodingDoNotMakeAnotherQuery() throws {
        let a = try parse("limit=5&filter=%E5%8C%BA")
        let b = try parse("filter=区&limit=5")
        #expect(a.canonical == b.canonical)
        #expect(a.queryString == "filter=%E5%8C%BA&limit=5")
        #expect(try parse("limit=6&filter=区").canonical != a.canonical)
    }

    @Test func badParametersAreRefusedWithTheirName() throws {
        #expect(throws: FeedQueryError.unknown("filter_titel")) { try parse("filter_titel=x") }
        #expect(throws: FeedQueryError.repeated("filter")) { try parse("filter=a&filter=b") }
        #expect(throws: FeedQueryError.self) { try parse("limit=0") }
        #expect(throws: FeedQueryError.self) { try parse("limit=abc") }
        #expect(throws: FeedQueryError.self) { try parse("brief=50") }
        #expect(throws: FeedQueryError.self) { try parse("opencc=x2y") }
        #expect(throws: FeedQueryError.self) { try parse("filter_time=-5") }
        #expect(throws: FeedQueryError.self) { try parse("filter=") }
        #expect(throws: FeedQueryError.self) { try parse("filter=%ZZ") }
        #expect(throws: FeedQueryError.self) { try parse("filter=" + String(repeating: "a", count: 5000)) }
        #expect(throws: FeedQueryError.self) { try FeedFilter(parse("filter=(a")) }
        #expect(throws: FeedQueryError.self) { try FeedFilter(parse("filter_title=" + String(repeating: "a", count: 300))) }
    }

    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    static func article(_ title: String, text: String = "", author: String? = nil, category: String? = nil,
                        age: TimeInterval = 60) -> Article {
        Article(id: title, sourceID: "s", itemID: title, link: nil, title: title,
                published: ZonedDate(date: now.addingTimeInterval(-age), timeZone: TimeZone(identifier: "Asia/Shanghai")!),
                firstSeen: now, updated: now, outlet: nil, author: author,
                categories: category.map { [Category(name: $0)] } ?? [], tags: [], imageURL: nil,
                contentHTML: "<p>\(text)</p>", contentText: text, contentHash: "")
    }

    @Test func filtersKeepWhatEveryIncludeMatchesAndNoExcludeDoes() throws {
        let articles = [
            Self.article("區塊鏈周報", text: "香港"), Self.article("央行", text: "数字货币与区块链"),
            Self.article("区块链广告", text: "推广"), Self.article("宁德时代", author: "记者张三", category: "新能源"),
            Self.article("旧闻 区块链", age: 7200),
        ]
        func kept(_ text: String) throws -> [String] {
            let filter = try FeedFilter(parse(text))
            return articles.filter { filter.keeps($0, now: Self.now) }.map(\.title)
        }
        #expect(try kept("filter=区块链") == ["區塊鏈周報", "央行", "区块链广告", "旧闻 区块链"])
        #expect(try kept("filter_title=区块链") == ["區塊鏈周報", "区块链广告", "旧闻 区块链"])
        #expect(try kept("filter_description=区块链") == ["央行"])
        #expect(try kept("filter=区块链&filterout=广告") == ["區塊鏈周報", "央行", "旧闻 区块链"])
        #expect(try kept("filter=区块链&filter_time=3600&filterout_description=推广") == ["區塊鏈周報", "央行"])
        #expect(try kept("filter_author=张三") == ["宁德时代"])
        #expect(try kept("filter_category=新能源") == ["宁德时代"])
        #expect(try kept("filter_category=xinnengyuan") == ["宁德时代"])
        #expect(try kept("filterout_category=新能源").count == 4)
        // The description is matched as text, not markup.
        #expect(try kept("filter_description=<p>").isEmpty)
    }

    /// The byte test a reader runs before making an article: it may let through what `keeps` refuses
    /// (author, category, age), but never refuses what `keeps` keeps, and it refuses on title and text.
    @Test func theByteTestNeverRefusesWhatTheFilterKeeps() throws {
        let articles = [
            Self.article("區塊鏈周報", text: "香港"), Self.article("央行", text: "数字货币与区块链"),
            Self.article("区块链广告", text: "推广"), Self.article("宁德时代", author: "记者张三", category: "新能源"),
            Self.article("旧闻 区块链", age: 7200), Self.article("Bitcoin ETF", text: "bitcoin"),
        ]
        let queries = ["filter=区块链", "filter_title=区块链", "filter_description=区块链", "filter=区块链&filterout=广告",
                       "filter=区块链&filter_time=3600&filterout_description=推广", "filter_author=张三",
                       "filterout_category=新能源", "filter=BITCOIN&filter_case_sensitive=false", "filter=BITCOIN",
                       "filterout_title=^央"]
        var refused = 0
        for text in queries {
            let filter = try FeedFilter(parse(text))
            for article in articles {
                var title = article.title, body = article.contentText
                let mayKeep = title.withUTF8 { title in body.withUTF8 { body in filter.mayKeep(title: title, text: body) } }
                if filter.keeps(article, now: Self.now) {
                    #expect(mayKeep, "\(text) keeps \(article.title) but the byte test refuses it")
                }
                if !mayKeep { refused += 1 }
                if mayKeep {
                    #expect(filter.keeps(article, now: Self.now, textAlreadyTried: true) == filter.keeps(article, now: Self.now),
                            "\(text) on \(article.title): skipping the text patterns changes the answer")
                }
            }
        }
        // 区块链 refuses 2, its title form 3, its description form 5, with 广告 3, with 推广 3 (the age is
        // not its business); 张三 none, 新能源 none, bitcoin in any case 5, BITCOIN 6, ^央 1.
        #expect(refused == 28)
    }

    @Test func briefAndOpenccRewriteEntries() throws {
        let long = String(repeating: "区块链 ", count: 100)
        let brief = try EntryRewrite(parse("brief=100")).apply(Self.article("t", text: long + "<b>"))
        #expect(brief.contentText.count == 101)
        #expect(brief.contentText.hasSuffix("…"))
        #expect(!brief.contentHTML.contains("<b>"))
        let short = try EntryRewrite(parse("brief=100")).apply(Self.article("t", text: "a < b"))
        #expect(short.contentHTML == "<p>a &lt; b</p>")
        let hk = try EntryRewrite(parse("opencc=s2hk")).apply(Self.article("区块链发展", text: "数字货币", author: "记者"))
        #expect(hk.title == "區塊鏈發展")
        #expect(hk.contentHTML == "<p>數字貨幣</p>")
        #expect(hk.author == "記者")
        let back = try EntryRewrite(parse("opencc=t2s")).apply(Self.article("區塊鏈發展"))
        #expect(back.title == "区块链发展")
        #expect(try EntryRewrite(parse("limit=3")).isIdentity)
    }
}
