import Foundation
@testable import Store
import Testing

/// The writer builds an article's index document in one pass; it must hold exactly the tokens and
/// tails that the runs and their bigrams (the definition queries are parsed by) give.
@Suite struct SearchTextTests {
    static func reference(_ text: String) -> SearchText.Document {
        var tokens: [String] = []
        var tails: [String] = []
        for run in SearchText.runs(of: SearchText.normalize(text)) {
            tokens.append(contentsOf: SearchText.tokens(of: run))
            if run.isCJK, run.scalars.count > 1, let last = run.scalars.last { tails.append(String(last)) }
        }
        return SearchText.Document(tokens: tokens.joined(separator: " "), tails: tails.joined(separator: " "))
    }

    @Test(arguments: [
        "", " ", "。", "央", "央行", "中国人民银行6月3日以利率招标方式开展了1000亿元7天期逆回购操作，中标利率为1.40%。",
        "A股三大指数集体收涨，沪指涨0.8%", "ＡＢＣ１２３　全角", "銀行間市場流動性", "x", "中 国 人", "2024年",
        "Apple公司iPhone销量", "한국어 テスト カタカナ", "𠀀𠀁 rare", "——「」·…", "a.b,c", "Ünïcödé wörds 和中文",
    ])
    func theOnePassDocumentIsTheRunsDocument(text: String) {
        #expect(SearchText.document(text) == Self.reference(text))
    }

    @Test func randomMixturesAgree() {
        let alphabet = Array("银行間市場ab Z9０，。 !-가テ𠀀é\n\t".unicodeScalars)
        var state: UInt64 = 0x5EA4C4
        for _ in 0..<2000 {
            var text = String.UnicodeScalarView()
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for _ in 0..<Int(state >> 60) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text.append(alphabet[Int((state >> 33) % UInt64(alphabet.count))])
            }
            let string = String(text)
            #expect(SearchText.document(string) == Self.reference(string), "\(string.debugDescription)")
        }
    }
}
