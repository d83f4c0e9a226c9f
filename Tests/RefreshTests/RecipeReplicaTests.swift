import Config
import Foundation
import Model
import Refresh
import Store
import TestSupport
import Testing

/// Every built-in recipe through a real refresh: libcurl over HTTPS to the site's real URL, sent to a
/// loopback replica (`Tests/Fixtures/recipes/replica.py`) by `http.connect_to` and verified against the
/// test CA. The replica checks what the site checks and answers in the site's shape; the test asserts
/// what was stored.
@Suite struct RecipeReplicaTests {
    /// 2025-06-03 09:30:00 +08:00, the replica's reference time.
    static let t0: Double = 1_748_914_200

    struct Item: Sendable, CustomStringConvertible {
        var title: String
        var link: String
        var published: Double
        var outlet: String
        /// A phrase of the stored body; nil where the site gives none (exchange notices are PDFs).
        var body: String?
        var description: String { title }
    }

    struct Case: Sendable, CustomStringConvertible {
        var recipe: String
        var parameters: String = ""
        var items: [Item]
        /// Titles or links of records the recipe must skip.
        var absent: [String] = []
        var description: String { recipe }
    }

    static let cases: [Case] = [
        Case(recipe: "eastmoney-7x24", items: [
            Item(title: "央行开展1000亿元逆回购操作", link: "https://finance.eastmoney.com/a/202506033401234567.html",
                 published: t0, outlet: "东方财富", body: "中标利率1.40%"),
            Item(title: "沪指午间收涨0.8%", link: "https://finance.eastmoney.com/a/202506033401234568.html",
                 published: t0 + 300, outlet: "东方财富", body: "两市成交额超6000亿元"),
        ]),
        Case(recipe: "eastmoney-column", parameters: "column: 1207", items: [
            Item(title: "栏目1207：东方财富财经早餐 6月3日周二", link: "https://finance.eastmoney.com/a/202506033401000001.html",
                 published: t0 - 150 * 60, outlet: "东方财富研究中心", body: "央行公开市场操作"),
            Item(title: "隔夜美股三大指数收涨", link: "https://finance.eastmoney.com/a/202506033401000002.html",
                 published: t0 - 160 * 60, outlet: "东方财富", body: "纳指涨0.7%"),
        ]),
        Case(recipe: "cls-telegraph", items: [
            Item(title: "宁德时代发布新一代储能系统",
                 link: "https://api3.cls.cn/share/article/2034561?os=web&sv=7.7.5&app=CailianpressWeb",
                 published: t0, outlet: "财联社", body: "能量密度提升20%"),
            Item(title: "国家统计局：5月CPI同比上涨0.2%", link: "https://www.cls.cn/detail/2034562",
                 published: t0 + 120, outlet: "财联社", body: "环比下降0.1%"),
            Item(title: "财联社6月3日电，港股恒生指数午间收涨1.2%", link: "https://www.cls.cn/detail/2034563",
                 published: t0 + 240, outlet: "财联社", body: "科技股普涨"),
        ]),
        Case(recipe: "cls-depth", items: [
            Item(title: "深度｜储能行业迎来新一轮扩产潮", link: "https://www.cls.cn/detail/1988001",
                 published: t0 - 3600, outlet: "财联社", body: "需求增长是主要原因"),
            Item(title: "光伏组件价格企稳回升", link: "https://www.cls.cn/detail/1988002",
                 published: t0 - 7200, outlet: "科创板日报", body: "产业链库存持续下降"),
        ]),
        Case(recipe: "wallstreetcn-live", items: [
            Item(title: "美联储理事沃勒：支持年内降息", link: "https://wallstreetcn.com/livenews/3100001",
                 published: t0 + 60, outlet: "华尔街见闻", body: "支持年内降息两次"),
            Item(title: "欧元区5月CPI初值同比1.9%", link: "https://wallstreetcn.com/livenews/3100002",
                 published: t0 + 180, outlet: "华尔街见闻", body: "预期2.0%"),
        ]),
        Case(recipe: "wallstreetcn-news", items: [
            Item(title: "全球央行掀起降息潮", link: "https://wallstreetcn.com/articles/3700001",
                 published: t0 - 600, outlet: "华尔街见闻", body: "宽松周期将延续"),
            Item(title: "美债收益率回落", link: "https://wallstreetcn.com/articles/3700003",
                 published: t0 - 900, outlet: "华尔街见闻", body: "市场押注美联储降息"),
        ], absent: ["广告：开户送好礼", "付费：机构调研纪要"]),
        Case(recipe: "jin10-flash", items: [
            Item(title: "乘联会：5月乘用车零售同比增长13%", link: "https://flash.jin10.com/detail/20250603093000123400",
                 published: t0, outlet: "乘联会", body: "193万辆"),
            Item(title: "现货黄金日内涨1%，报3380美元/盎司", link: "https://flash.jin10.com/detail/20250603093200123402",
                 published: t0 + 120, outlet: "金十数据", body: "3380美元"),
        ], absent: ["https://flash.jin10.com/detail/20250603093100123401"]),
        Case(recipe: "stcn-kx", items: [
            Item(title: "证监会：推进资本市场高水平开放", link: "https://www.stcn.com/article/detail/1800001.html",
                 published: t0 + 30, outlet: "证券时报网", body: "制度型开放"),
            Item(title: "两市融资余额增加52亿元", link: "https://www.stcn.com/article/detail/1800002.html",
                 published: t0 + 90, outlet: "证券时报", body: "截至6月2日"),
        ]),
        Case(recipe: "yicai-latest", items: [
            Item(title: "第一财经研究院：5月经济数据前瞻", link: "https://www.yicai.com/news/102500001.html",
                 published: t0 - 20 * 60, outlet: "第一财经", body: "规模以上工业增加值"),
            Item(title: "多家银行下调存款利率", link: "https://www.yicai.com/news/102500002.html",
                 published: t0 - 50 * 60, outlet: "第一财经", body: "质的有效提升"),
        ]),
        Case(recipe: "sina-roll", items: [
            Item(title: "国务院常务会议部署扩大内需", link: "https://finance.sina.com.cn/china/2025-06-03/doc-inaa1001.shtml",
                 published: t0 - 1200, outlet: "新华社", body: "规模以上工业增加值"),
            Item(title: "A股三大指数集体高开", link: "https://finance.sina.com.cn/stock/2025-06-03/doc-inaa1002.shtml",
                 published: t0 - 600, outlet: "新浪财经", body: "市场信心进一步增强"),
        ]),
        Case(recipe: "sina-7x24", items: [
            Item(title: "工信部：加快推进5G-A商用", link: "https://finance.sina.com.cn/7x24/2025-06-03/doc-inzb4200001.shtml",
                 published: t0 + 180, outlet: "新浪财经", body: "规模化商用"),
            Item(title: "美元指数短线走高，现报99.2", link: "https://finance.sina.com.cn/7x24/2025-06-03/doc-inzb4200002.shtml",
                 published: t0 + 240, outlet: "新浪财经", body: "现报99.2"),
        ]),
        Case(recipe: "cnstock", items: [
            Item(title: "沪深交易所发布并购重组新规", link: "https://news.cnstock.com/news,yw-202506-5300001.htm",
                 published: t0 - 1800, outlet: "中国证券网", body: "规模以上工业增加值"),
            Item(title: "险资加大权益资产配置", link: "https://news.cnstock.com/news,yw-202506-5300002.htm",
                 published: t0 - 2700, outlet: "中国证券网", body: "市场信心进一步增强"),
        ]),
        Case(recipe: "csrc", parameters: "channel: c100028", items: [
            Item(title: "证监会发布《上市公司信息披露管理办法》修订稿",
                 link: "http://www.csrc.gov.cn/csrc/c100028/c7550001/content.shtml",
                 published: t0 - 86400, outlet: "中国证监会", body: "自公布之日起施行"),
            Item(title: "证监会召开2025年系统工作会议", link: "http://www.csrc.gov.cn/csrc/c100028/c7550002/content.shtml",
                 published: t0 - 2 * 86400, outlet: "中国证监会", body: "部署重点任务"),
        ]),
        Case(recipe: "sse-bulletin", items: [
            Item(title: "贵州茅台关于2024年度利润分配方案实施公告",
                 link: "https://static.sse.com.cn/disclosure/listedinfo/announcement/c/new/2025-06-03/600519_20250603_ABCD.pdf",
                 published: t0 + 410 * 60, outlet: "上海证券交易所", body: "贵州茅台"),
            Item(title: "工商银行董事会决议公告",
                 link: "https://static.sse.com.cn/disclosure/listedinfo/announcement/c/new/2025-06-03/601398_20250603_EFGH.pdf",
                 published: t0 + 455 * 60, outlet: "上海证券交易所", body: "工商银行"),
        ]),
        Case(recipe: "szse-notice", items: [
            Item(title: "平安银行：2024年年度权益分派实施公告",
                 link: "https://disc.static.szse.cn/download/disc/disk03/finalpage/2025-06-04/a1b2c3d4-0001.PDF",
                 published: t0 + 540 * 60, outlet: "深圳证券交易所", body: nil),
            Item(title: "万科A：关于董事会换届的公告",
                 link: "https://disc.static.szse.cn/download/disc/disk03/finalpage/2025-06-04/a1b2c3d4-0002.PDF",
                 published: t0 + 570 * 60, outlet: "深圳证券交易所", body: nil),
        ]),
    ]

    /// A temporary installation with one source, every request sent to `replica`.
    struct Installation {
        let folder: TemporaryFolder
        let archive: Archive
        let config: FinewsConfig

        init(replica: ReplicaServer, sources: String, folder: TemporaryFolder? = nil) throws {
            let folder = try folder ?? TemporaryFolder("recipes")
            self.folder = folder
            let name = "finews-\(replica.httpsPort).yaml"
            try folder.write(name, """
                database: var/finews.sqlite
                output: public
                \(replica.httpSection)
                sources:
                \(sources)
                """)
            config = try FinewsConfig.load(from: folder.path(name))
            archive = try Archive(path: config.database)
        }

        func refresh() async throws -> RefreshReport {
            // 10:00 China time on the replica's day, for `{today}` and `{now_ms}`.
            let clock = ManualClock(Date(timeIntervalSince1970: RecipeReplicaTests.t0 + 1800))
            return try await Refresher(config: config, archive: archive, clock: clock).run(trigger: .manual)
        }

        func articles(_ source: String) throws -> [Article] {
            try archive.latestArticles(.source(source), limit: 100)
        }
    }

    static func entry(_ id: String, recipe: String, parameters: String = "") -> String {
        "  - {id: \(id), recipe: \(recipe)\(parameters.isEmpty ? "" : ", \(parameters)")}"
    }

    @Test("each recipe stores what its site's replica answers", arguments: cases)
    func recipe(_ test: Case) async throws {
        let replica = try ReplicaServer()
        defer { withExtendedLifetime(replica) {} } // the server stops when released
        let installation = try Installation(replica: replica, sources: Self.entry("site", recipe: test.recipe,
                                                                                     parameters: test.parameters))
        let report = try await installation.refresh()
        let outcome = try #require(report.outcomes.first)
        #expect(outcome.failure == nil, "\(test.recipe): \(outcome.failure ?? "")")
        #expect(outcome.errors.isEmpty, "\(test.recipe): \(outcome.errors)")
        let stored = try installation.articles("site")
        #expect(stored.count == test.items.count, "\(test.recipe): stored \(stored.map(\.title))")
        for item in test.items {
            guard let article = stored.first(where: { $0.title == item.title }) else {
                Issue.record("\(test.recipe): no article titled '\(item.title)' among \(stored.map(\.title))")
                continue
            }
            #expect(article.link == item.link, "\(test.recipe): \(item.title)")
            #expect(article.published?.date.timeIntervalSince1970 == item.published, "\(test.recipe): \(item.title)")
            #expect(article.outlet == item.outlet, "\(test.recipe): \(item.title)")
            if let phrase = item.body {
                #expect(article.contentText.contains(phrase), "\(test.recipe): body of \(item.title): \(article.contentText)")
                #expect(!article.contentText.contains("版权所有"), "\(test.recipe): page furniture in \(item.title)")
            }
        }
        for missing in test.absent {
            #expect(!stored.contains { $0.title == missing || $0.link == missing }, "\(test.recipe): \(missing) was not skipped")
        }
    }

    @Test("polled every 30 s as the seed script did: the second call is conditional, despite {now_ms} in the URL")
    func thirtySecondPolling() async throws {
        let replica = try ReplicaServer()
        defer { withExtendedLifetime(replica) {} } // the server stops when released
        let installation = try Installation(replica: replica, sources:
            "  - {id: breakfast, recipe: eastmoney-column, column: 1207, interval: 30s}")
        #expect(installation.config.source("breakfast")?.interval == 30)
        let first = try #require(try await installation.refresh().outcomes.first)
        #expect(first.new == 2 && first.failure == nil)
        let second = try #require(try await installation.refresh().outcomes.first)
        #expect(second.new == 0 && second.updated == 0 && second.unchanged == 2 && !second.hasErrors, "\(second)")
        #expect(try installation.archive.sourceHealth("breakfast")?.httpStatus == 304)
    }

    @Test("a records path that yields nothing fails naming the recipe and the path; what was stored stays")
    func movedRecords() async throws {
        let folder = try TemporaryFolder("recipes")
        let good = try ReplicaServer()
        defer { withExtendedLifetime(good) {} } // the server stops when released
        let first = try Installation(replica: good, sources: Self.entry("em", recipe: "eastmoney-7x24"), folder: folder)
        #expect(try await first.refresh().outcomes.first?.failure == nil)
        #expect(try first.articles("em").count == 2)
        let moved = try ReplicaServer(mode: "moved")
        defer { withExtendedLifetime(moved) {} } // the server stops when released
        let second = try Installation(replica: moved, sources: Self.entry("em", recipe: "eastmoney-7x24"), folder: folder)
        let failure = try #require(try await second.refresh().outcomes.first?.failure)
        #expect(failure.contains("recipe eastmoney-7x24"))
        #expect(failure.contains("data.fastNewsList"))
        #expect(failure.contains("the site's API may have changed"))
        #expect(try second.articles("em").count == 2)
    }

    @Test("a mapped field missing in every record fails naming the field")
    func fieldless() async throws {
        let replica = try ReplicaServer(mode: "fieldless")
        defer { withExtendedLifetime(replica) {} } // the server stops when released
        let installation = try Installation(replica: replica, sources: Self.entry("jin10", recipe: "jin10-flash"))
        let failure = try #require(try await installation.refresh().outcomes.first?.failure)
        #expect(failure.contains("recipe jin10-flash"))
        #expect(failure.contains("field `title`"))
        #expect(failure.contains("missing in 2 of 2 records"))
        #expect(failure.contains("the site's API may have changed"))
        #expect(try installation.articles("jin10").isEmpty)
    }

    @Test("an error envelope is an error with the site's message")
    func refused() async throws {
        let replica = try ReplicaServer(mode: "refused")
        defer { withExtendedLifetime(replica) {} } // the server stops when released
        let installation = try Installation(replica: replica, sources: Self.entry("cls", recipe: "cls-telegraph") + "\n"
                                            + Self.entry("live", recipe: "wallstreetcn-live"))
        let outcomes = try await installation.refresh().outcomes
        let cls = try #require(outcomes.first { $0.sourceID == "cls" }?.failure)
        #expect(cls.contains("访问受限") && cls.contains("errno = 40003"), "\(cls)")
        let live = try #require(outcomes.first { $0.sourceID == "live" }?.failure)
        #expect(live.contains("服务繁忙") && live.contains("code = 50000"), "\(live)")
    }

    @Test("the replica refuses what the site refuses: unsigned cls calls, jin10 without its app id, sina without Referer")
    func siteChecks() async throws {
        let replica = try ReplicaServer()
        defer { withExtendedLifetime(replica) {} } // the server stops when released
        let installation = try Installation(replica: replica, sources: """
              - {id: cls, recipe: cls-telegraph, sign: null}
              - {id: jin10, recipe: jin10-flash, headers: {x-app-id: wrong}}
              - {id: sina, recipe: sina-roll, headers: {Referer: "https://example.com/"}}
            """)
        let outcomes = try await installation.refresh().outcomes
        #expect(outcomes.first { $0.sourceID == "cls" }?.failure?.contains("签名错误") == true)
        #expect(outcomes.first { $0.sourceID == "jin10" }?.failure?.contains("401") == true)
        #expect(outcomes.first { $0.sourceID == "sina" }?.failure?.contains("403") == true)
    }

    @Test("TLS stays verified: without the test CA the replica's certificate is refused")
    func verifiedTLS() async throws {
        let replica = try ReplicaServer()
        defer { withExtendedLifetime(replica) {} } // the server stops when released
        let folder = try TemporaryFolder("recipes")
        try folder.write("finews.yaml", """
            database: var/finews.sqlite
            output: public
            http:
              connect_to: [":443:127.0.0.1:\(replica.httpsPort)"]
              attempts: 1
            sources:
            \(Self.entry("jin10", recipe: "jin10-flash"))
            """)
        let config = try FinewsConfig.load(from: folder.path("finews.yaml"))
        let archive = try Archive(path: config.database)
        let report = try await Refresher(config: config, archive: archive).run(trigger: .manual)
        let failure = try #require(report.outcomes.first?.failure)
        #expect(failure.lowercased().contains("certificate") || failure.lowercased().contains("ssl"), "\(failure)")
    }
}
