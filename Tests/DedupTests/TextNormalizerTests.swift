import Testing
@testable import Dedup

struct TextNormalizerTests {
    let normalizer = TextNormalizer()

    @Test func sharedConverterLoadsOpenCCDictionaries() {
        #expect(ChineseConverter.shared != nil)
    }

    @Test func taiwanAndHongKongVariantsBecomeTheSameSimplifiedText() {
        let simplified = normalizer.normalize("那么执行截图什么著名干部后来里面为此群众说阅读").text
        #expect(normalizer.normalize("那麼執行截圖什麼著名幹部後來裏面爲此羣眾説閲讀").text == simplified)
        #expect(normalizer.normalize("那麼執行截圖什麼著名幹部後來裡面為此群眾說閱讀").text == simplified)
        #expect(simplified == "那么执行截图什么著名干部后来里面为此群众说阅读")
    }

    @Test func fullWidthFormsPunctuationAndWhitespaceDisappear() {
        let full = normalizer.normalize("　　沪指涨１．５５％，报２７７８．６７点。ＡＢＣ公司！")
        let half = normalizer.normalize("沪指涨1.55%, 报2778.67点. ABC公司!")
        #expect(full.text == half.text)
        #expect(full.text == "沪指涨155报277867点abc公司")
        #expect(full.numbers == ["1.55", "2778.67"])
    }

    @Test func boilerplateLinesAreDroppedInEitherScript() {
        let text = """
        【财联社讯】
        本文来源：澎湃新闻
        正文第一段，讲的是一件事。
        【廣告】開戶享低傭，專業投顧一對一服務，詳情請諮詢客服熱線。
        正文第二段。
        免責聲明：本文僅代表作者個人觀點，與本網無關。
        风险提示：市场有风险，投资需谨慎。本文所载内容仅供参考，不构成任何投资建议。
        （文章来源：证券日报网）
        【责任编辑:王頔】
        关注我们的公众号，第一时间获取市场动态与深度解读。
        """
        let normalized = normalizer.normalize(text)
        #expect(normalized.text == "正文第一段讲的是一件事正文第二段")
        #expect(normalized.boilerplateLines == 8)
    }

    @Test func longParagraphMentioningASubscriptionIsKept() {
        let paragraph = String(repeating: "市场人士认为，公众号等新媒体渠道改变了投资者获取资讯的方式。", count: 4)
        #expect(normalizer.normalize(paragraph).text.count > 80)
    }

    @Test func emptyAndWhitespaceTextNormaliseToNothing() {
        #expect(normalizer.normalize("").text.isEmpty)
        #expect(normalizer.normalize(" \n\t\u{3000}\n").text.isEmpty)
    }
}
