import Foundation
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

/// The NFKC shortcut must agree with Foundation's NFKC wherever it skips it.
struct CompatibilityComposedTests {
    static func scalars(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

    /// Every scalar the shortcut calls stable is its own NFKC, alone and after a letter it could
    /// compose with; compared scalar by scalar (String's == is canonical equivalence).
    @Test func everyScalarCalledStableIsItsOwnNFKC() {
        var stable = 0
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in [String(scalar), "e" + String(scalar), "\u{AC00}" + String(scalar), String(scalar) + "\u{301}"] {
                guard TextNormalizer.isNFKCStable(text) else { continue }
                stable += 1
                #expect(Self.scalars(text.precomposedStringWithCompatibilityMapping) == Self.scalars(text),
                        "U+\(String(value, radix: 16)) in \(Self.scalars(text))")
            }
        }
        #expect(stable > 100_000)
    }

    @Test func textsThatChangeAreNotCalledStable() {
        for text in ["ＡＢＣ", "１．５５％", "e\u{301}", "\u{1100}\u{1161}", "\u{AC00}\u{11A8}", "…", "　", "ﬁ", "①",
                     "\u{F900}", "\u{2F800}", "À", "\u{0958}", "\u{09C7}\u{09BE}"] {
            #expect(!TextNormalizer.isNFKCStable(text), "\(Self.scalars(text))")
        }
    }

    @Test func randomMixesMatchFoundation() {
        let pieces = ["银行", "銀行", "，", "。", "“", "”", "《", "》", "—", "…", "ＡＢＣ", "１", "e", "\u{301}", "\u{1161}",
                      "\u{AC00}", "\u{11A8}", "a", " ", "\n", "😀", "À", "ﬁ", "\u{3000}", "%", "・"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(Self.scalars(TextNormalizer.compatibilityComposed(text))
                    == Self.scalars(text.precomposedStringWithCompatibilityMapping), "\(Self.scalars(text))")
        }
    }
}
