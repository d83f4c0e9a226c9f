import Testing
@testable import Dedup

struct CanonicalURLTests {
    let canonical = CanonicalURL(hostAliases: ["m.example.com": "www.example.com"])

    @Test func schemeHostPortFragmentAndQueryOrderAreNormalised() {
        #expect(canonical.canonical("HTTP://WWW.Example.COM:80/News/A.html?b=2&a=1#comments")
            == "https://www.example.com/News/A.html?a=1&b=2")
        #expect(canonical.canonical("https://www.example.com:443") == "https://www.example.com/")
        #expect(canonical.canonical("http://www.example.com:8080/a") == "https://www.example.com:8080/a")
    }

    @Test func trackingParametersAreRemoved() {
        #expect(canonical.canonical("https://www.example.com/a?utm_source=wx&utm_medium=share&id=7&spm=a2c4.1&from=timeline")
            == "https://www.example.com/a?id=7")
        #expect(canonical.canonical("https://www.example.com/a?UTM_Campaign=x") == "https://www.example.com/a")
    }

    @Test func httpAndHttpsAndMobileAliasNameTheSameArticle() {
        #expect(canonical.sameArticle("http://m.example.com/a?id=7", "https://www.example.com/a?id=7#x"))
        #expect(!canonical.sameArticle("https://www.example.com/a?id=7", "https://www.example.com/a?id=8"))
        #expect(!CanonicalURL().sameArticle("http://m.example.com/a", "https://www.example.com/a"))
    }

    @Test func nonHTTPOrRelativeLinksHaveNoCanonicalForm() {
        #expect(canonical.canonical("ftp://example.com/a") == nil)
        #expect(canonical.canonical("/news/a.html") == nil)
        #expect(canonical.canonical("") == nil)
    }

    @Test func encodedQueryValuesStayEncoded() {
        #expect(canonical.canonical("https://www.example.com/s?q=%E8%82%A1%E7%A5%A8&a=%20")
            == "https://www.example.com/s?a=%20&q=%E8%82%A1%E7%A5%A8")
    }
}

struct RevisionDiffTests {
    let old = "第一段：央行今日开展逆回购操作。\n第二段，市场流动性合理充裕。\n第三段：债市情绪回暖。"

    @Test func identicalTextIsUnchanged() {
        let diff = RevisionDiff.compare(old: old, new: old)
        #expect(diff.isUnchanged)
        #expect(diff.isTrivial)
    }

    @Test func whitespaceAndPunctuationWidthAreTrivial() {
        let edited = "　　第一段:央行今日开展逆回购操作.\n\n  第二段,市场流动性合理充裕.\n第三段:债市情绪回暖."
        let diff = RevisionDiff.compare(old: old, new: edited)
        #expect(diff.isTrivial)
        #expect(diff.paragraphsChanged == 3)
    }

    @Test func addedAdvertisementLineIsTrivial() {
        let diff = RevisionDiff.compare(old: old, new: old + "\n【广告】开户享低佣，专业投顾一对一服务，详情请咨询客服热线。")
        #expect(diff.isTrivial)
        #expect(diff.paragraphsAdded == 1)
        #expect(diff.summary.hasSuffix("(trivial)"))
    }

    @Test func changedWordingIsARealRevisionWithASummary() {
        let edited = "第一段：央行今日开展逆回购操作。\n第二段，市场流动性总体偏紧。\n第三段：债市情绪回暖。\n第四段：补充报道。"
        let diff = RevisionDiff.compare(old: old, new: edited)
        #expect(!diff.isTrivial)
        #expect(diff.paragraphsChanged == 1)
        #expect(diff.paragraphsAdded == 1)
        #expect(diff.paragraphsRemoved == 0)
        #expect(diff.charactersRemoved == "第二段，市场流动性合理充裕。".count)
        #expect(diff.summary == "1 paragraph changed, 1 added; +\(diff.charactersAdded)/-\(diff.charactersRemoved) characters")
    }

    @Test func removedParagraphIsCounted() {
        let diff = RevisionDiff.compare(old: old, new: "第一段：央行今日开展逆回购操作。\n第三段：债市情绪回暖。")
        #expect(diff.paragraphsRemoved == 1)
        #expect(!diff.isTrivial)
    }

    @Test func emptyVersionsCompare() {
        #expect(RevisionDiff.compare(old: "", new: "").isUnchanged)
        #expect(RevisionDiff.compare(old: "", new: old).paragraphsAdded == 3)
    }
}
