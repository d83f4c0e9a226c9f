import Model
import Subscribe
import Testing

/// Keep and block rules at ingest, and keyword feeds: which items they let through.
@Suite struct ItemRulesTests {
    static func draft(_ title: String, body: String = "", author: String? = nil, link: String? = nil) -> ItemFields {
        ItemFields(title: title, text: body, author: author, link: link)
    }

    @Test func blockDropsAndKeepLimits() throws {
        let drafts = [
            Self.draft("【广告】理财产品推荐"), Self.draft("VIP 快讯", link: "https://x.example/vip/1"),
            Self.draft("央行降准", body: "央行宣布"), Self.draft("推廣：開戶有禮"), Self.draft("市场观察", author: "软文作者"),
        ]
        let block = ItemRules(block: [try ItemRule(field: .title, pattern: "广告|推广"),
                                      try ItemRule(field: .link, pattern: "/vip/"),
                                      try ItemRule(field: .author, pattern: "软文")])
        let blocked = block.apply(drafts) { $0 }
        #expect(blocked.kept.map(\.title) == ["央行降准"])
        #expect(blocked.skipped == 4)

        let keep = ItemRules(keep: [try ItemRule(field: .any, pattern: "央行")],
                             block: [try ItemRule(field: .body, pattern: "宣布")])
        #expect(keep.apply(drafts) { $0 }.kept.isEmpty)
        #expect(ItemRules(keep: [try ItemRule(field: .body, pattern: "央行")]).apply(drafts) { $0 }.kept.map(\.title) == ["央行降准"])
        #expect(ItemRules().apply(drafts) { $0 }.skipped == 0)
    }

    @Test func keywordFeedsMatchWithinTheirSourcesAndCategories() throws {
        let feed = KeywordFeed(id: "chain", title: "区块链", include: [try Pattern("区块链")], exclude: [try Pattern("广告")],
                               sources: ["s"], categories: ["jinrong"])
        let match = FeedQueryTests.article("區塊鏈周報", category: "jinrong")
        #expect(feed.matches(match))
        #expect(!feed.matches(FeedQueryTests.article("區塊鏈周報", category: "keji")))
        #expect(!feed.matches(FeedQueryTests.article("区块链广告", category: "jinrong")))
        var other = match
        other.sourceID = "t"
        #expect(!feed.matches(other))
        #expect(KeywordFeed(id: "all", title: "all").matches(other))
    }
}
