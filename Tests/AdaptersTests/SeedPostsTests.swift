import Config
import Foundation
import Model
@testable import Adapters
import TestSupport
import Testing

/// What the five seed posts must yield (issue 2): the offline default source every new user sees.
@Suite struct SeedPostsTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    func readSeeds() async throws -> SourceReading {
        var config = SourceConfig(id: "seeds", kind: .files)
        config.path = Fixtures.seeds
        let reading = await FilesSource(config: config).read(SourceContext(timeZone: Self.shanghai, now: Date()))
        #expect(reading.failure == nil)
        #expect(reading.errors.isEmpty, "\(reading.errors)")
        return reading
    }

    func draft(_ prefix: String, in reading: SourceReading) throws -> ArticleDraft {
        try #require(reading.drafts.first { $0.origin?.hasPrefix(prefix) == true })
    }

    @Test func readsAllFiveSeeds() async throws {
        let reading = try await readSeeds()
        #expect(reading.drafts.count == 5)
        #expect(reading.completeListing?.count == 5)
    }

    @Test func seed000IsAJekyllPostIdentifiedByItsInfoCode() async throws {
        let post = try draft("000", in: try await readSeeds())
        #expect(post.title == "江北新区召开科技金融发展大会")
        #expect(post.published?.rfc3339 == "2021-12-23T13:43:05+08:00")
        #expect(post.outlet == "南京晨报")
        #expect(post.categories == [Category(slug: "nanjingchenbao", name: "南京晨报")])
        #expect(post.link == "http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202112232224053637")
        #expect(post.itemID == "NW202112232224053637")
        #expect(!post.bodyHTML.contains("infoCode"))
        #expect(!post.bodyHTML.contains("返回"))
        #expect(post.bodyHTML.hasSuffix("<p class=\"em_media\">（文章来源：南京晨报）</p>"))
    }

    @Test func seeds001And003AreReadTheSameWay() async throws {
        let reading = try await readSeeds()
        let first = try draft("001", in: reading)
        #expect(first.title == "南京获批资本市场金融科技创新试点 将开展试点项目申报遴选工作")
        #expect(first.published?.rfc3339 == "2022-01-12T20:28:54+08:00")
        #expect(first.outlet == "证券时报网")
        #expect(first.categories.map(\.slug) == ["zhengquanshibaowang"])
        #expect(first.itemID == "NW202201122245542893")
        let third = try draft("003", in: reading)
        #expect(third.title.hasPrefix("重庆区块链产业再迎新发展"))
        #expect(third.published?.rfc3339 == "2021-12-24T18:20:45+08:00")
        #expect(third.outlet == "证券日报网")
        #expect(third.categories == [Category(slug: "zhengquanribaowang", name: "证券日报网")])
        #expect(third.itemID == "NW202112242225674547")
    }

    @Test func seed002IsAHexoPostWithAListOfCategories() async throws {
        let post = try draft("002", in: try await readSeeds())
        #expect(post.title == "洞察新趋势、共建新生态  ——国际金融科技生态园开放日成功举办")
        #expect(post.published?.rfc3339 == "2021-04-09T18:10:00Z")
        #expect(post.categories.map(\.name) == ["金融", "证券时报网", "要闻"])
        #expect(post.categories.map(\.slug) == ["jinrong", "zhengquanshibaowang", "yaowen"])
        #expect(post.author == "证券时报网")
        #expect(post.imageURL == "https://news.stcn.com/news/202104/W020210409654088856583.png")
        #expect(post.itemID == "002_e84d853843f5ae73.txt")
    }

    @Test func seed004IsPlainTextInTraditionalScript() async throws {
        let post = try draft("004", in: try await readSeeds())
        #expect(post.title == "蘇州將成為江蘇省區塊鏈發展新高地")
        #expect(post.outlet == "數據觀綜合")
        #expect(post.published == nil)
        #expect(post.prepared.text.hasPrefix("區塊鏈作為我國核心技術自主創新的重要突破口"))
        #expect(!post.prepared.text.contains("導 讀"))
        #expect(!post.prepared.text.contains("來源:數據觀綜合"))
    }
}
