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
