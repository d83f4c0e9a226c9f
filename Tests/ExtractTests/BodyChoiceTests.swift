import Extract
import Foundation
import Model
import Testing

/// Which block becomes the body when the page marks its article itself.
@Suite struct BodyChoiceTests {
    let extractor = ArticleExtractor(clock: ManualClock(ArticleExtractorTests.now))

    static let terms = "<div class=\"pay\"><p>抵扣说明：</p><p>1.余额是钱包充值的虚拟货币，按照1:1的比例进行支付金额的抵扣。"
        + "2.余额无法直接购买下载，可以购买会员、付费专栏及课程。3.充值后的余额不能提现，也不能转赠他人，请在有效期内使用。</p></div>"

    @Test func aShortPostInItsArticleElementBeatsLongerFurniture() throws {
        let links = (1...20).map { "<li><a href=\"/c/\($0)\">专栏文章第\($0)篇</a></li>" }.joined()
        let page = "<html><head><title>模型评估代做</title></head><body><ul>\(links)</ul><h1>模型评估代做</h1>"
            + "<article><div><p>模型的生态系统社会价值评估代做 联系方式见主页 说明来处</p></div></article>"
            + Self.terms + "</body></html>"
        let article = try extractor.extract(html: page, url: nil)
        #expect(article.contentText.contains("社会价值评估代做"))
        #expect(!article.contentText.contains("抵扣说明"))
    }

    @Test func severalArticleCardsMarkNothing() throws {
        let card = "<article><a href=\"/a\">一条新闻的标题</a></article>"
        let page = "<html><body>" + String(repeating: card, count: 3) + Self.terms + "</body></html>"
        let article = try extractor.extract(html: page, url: nil)
        #expect(article.contentText.contains("抵扣说明"))
    }
}

/// Blog templates: the post sits in a `widget`, its title in an `<h3>` under the blog's `<h1>`.
@Suite struct BlogPageTests {
    let extractor = ArticleExtractor(clock: ManualClock(ArticleExtractorTests.now))

    static let page = """
        <html><head><title>Chinese Pinyin Lyrics: Zhi Neng Xiang Nian Ni (只能想念你)</title></head><body>
        <h1 class="title">Chinese Pinyin Lyrics</h1>
        <div class="widget Blog"><h3 class="post-title">Zhi Neng Xiang Nian Ni (只能想念你)</h3>
        <div class="post-body entry-content">爱 逝去的爱 讨不回来<br>我还有话想对你说<br>舍不得说 来不及说<br>
        离别的话最难说出口<br>你会找到新的生活<br>我会收起我的难过<br>相信一切都是值得<br></div>
        <div class="post-comments">评论：好听，好听，真好听。</div></div>
        <div class="sidebar"><h2>Blog Archive</h2><ul><li><a href="/1">2011 (30)</a></li><li><a href="/2">2010 (12)</a></li></ul></div>
        </body></html>
        """

    @Test func thePostInsideAWidgetIsTheBody() throws {
        let article = try extractor.extract(html: Self.page, url: nil)
        #expect(article.contentText.contains("离别的话最难说出口"))
        #expect(!article.contentText.contains("好听"))
    }

    @Test func theLongestHeadingTheTitleQuotesIsTheTitle() throws {
        let article = try extractor.extract(html: Self.page, url: nil)
        #expect(article.title == "Zhi Neng Xiang Nian Ni (只能想念你)")
    }
}

@Suite struct TitleTests {
    let extractor = ArticleExtractor(clock: ManualClock(ArticleExtractorTests.now))

    @Test func aWidgetInsideTheHeadingIsNotPartOfTheTitle() throws {
        let page = "<html><head><title>美官员否认直升机事故存在谋杀行为_快资讯</title></head><body>"
            + "<h1><span>美官员否认直升机事故存在谋杀行为</span><div class=\"audio\"><div>播报文章</div></div></h1>"
            + "<div><p>据报道，美参议院多数党领袖表示，已从情报部门获悉，没有证据表明该事件中存在谋杀行为。</p></div></body></html>"
        let article = try extractor.extract(html: page, url: nil)
        #expect(article.title == "美官员否认直升机事故存在谋杀行为")
    }
}

@Suite struct TrailingSectionTests {
    let extractor = ArticleExtractor(clock: ManualClock(ArticleExtractorTests.now))

    @Test func commentsAfterALateCaptionInTheBodyBlockAreLeftOut() throws {
        let paragraph = "<p>　　记者致电国家体育总局篮球运动管理中心，询问现役国家队篮球运动员们比赛用鞋的情况，中心的一位女士告诉记者，并没有特别规定。</p>"
        let page = "<html><body><div class=\"main\">" + String(repeating: paragraph, count: 4)
            + "<div><b>热门评论</b></div><p>网友甲认为：赞同楼上所说的，其实外国好多东西也是中国制造的，只不过转了个圈。</p></div></body></html>"
        let article = try extractor.extract(html: page, url: nil)
        #expect(article.contentText.contains("篮球运动管理中心"))
        #expect(!article.contentText.contains("热门评论") && !article.contentText.contains("网友甲"))
    }

    @Test func anEarlyCaptionIsASubheadingAndStays() throws {
        let paragraph = "<p>　　网友在评论中提出了许多问题，记者就这些问题采访了有关专家，专家逐一作了解答，并给出了建议。</p>"
        let page = "<html><body><div><h2>网友评论</h2>" + String(repeating: paragraph, count: 4) + "</div></body></html>"
        let article = try extractor.extract(html: page, url: nil)
        #expect(article.contentText.contains("网友评论"))
    }
}
