import Dedup
import Foundation
import Model
@testable import Store
import TestSupport
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

    /// The definition `normalize` had up to the v9 migration: each scalar width-folded, the whole string
    /// lowercased, then the whole text through OpenCC when any of it needs conversion.
    static func wholeTextNormalization(_ text: String) -> String {
        ChineseConverter.shared?.simplified(folded(text)) ?? folded(text)
    }

    static func folded(_ text: String) -> String {
        var view = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { view.append(SearchText.fold(scalar)) }
        return String(view).lowercased()
    }

    /// The definition since v9, written plainly: folded and lowercased as before, then each maximal run
    /// of CJK characters that holds a character OpenCC converts goes through OpenCC on its own.
    static func runByRunNormalization(_ text: String) -> String {
        let folded = folded(text)
        guard let converter = ChineseConverter.shared else { return folded }
        var output = String.UnicodeScalarView(), run = String.UnicodeScalarView()
        func finishRun() {
            let string = String(run)
            output.append(contentsOf: (converter.needsConversion(string) ? converter.simplified(string) : string).unicodeScalars)
            run = String.UnicodeScalarView()
        }
        for scalar in folded.unicodeScalars {
            if SearchText.isCJK(scalar.value) {
                run.append(scalar)
            } else {
                finishRun()
                output.append(scalar)
            }
        }
        finishRun()
        return String(output)
    }

    /// In one pass over UTF-8, with the runs that need it converted in one call to OpenCC, normalisation
    /// must give what converting each run alone gives: checked on the real articles of the reprint
    /// fixture (Simplified and Traditional, many lines each), on mixtures, and on a phrase OpenCC changes
    /// in a run with no character it changes alone (`藉此`), which now stays as a query would have it.
    @Test func normalizationConvertsEachRunOnItsOwn() throws {
        let lines = try String(contentsOf: Fixtures.url("dedup/docs.jsonl"), encoding: .utf8).split(separator: "\n")
        var converted = 0, differsFromWholeText = 0
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for field in ["title", "content"] {
                let text = try #require(object[field] as? String)
                let normalized = SearchText.normalize(text)
                #expect(normalized == Self.runByRunNormalization(text), "\(object["id"] ?? "?") \(field)")
                if normalized != text.lowercased() { converted += 1 }
                if normalized != Self.wholeTextNormalization(text) { differsFromWholeText += 1 }
            }
        }
        #expect(lines.count == 111)
        // The fixture holds Traditional reprints, so OpenCC's path is taken on multi-line texts.
        #expect(converted >= 10)
        let samples = ["香港銀行業公佈業績。\n內地证券公司业绩增长。\n\n臺灣經濟", "ÀÉÎ ΣΑΣ İstanbul ǅ ＡＢＣ\r\n銀行",
                       "\n\n", "乾隆\n乾燥\n著名\n著作", "經濟\n我们藉此机会", "慰藉\n藉此", "經濟，藉此", "藉此經濟",
                       "銀行a銀行\n銀行", "𠀀銀行𠀁", "銀行"]
        for sample in samples {
            #expect(SearchText.normalize(sample) == Self.runByRunNormalization(sample), "\(sample.debugDescription)")
        }
        #expect(SearchText.normalize("經濟\n我们藉此机会") == "经济\n我们藉此机会")
        #expect(Self.wholeTextNormalization("經濟\n我们藉此机会") == "经济\n我们借此机会")
        // Where the two definitions part is what the v9 migration indexes anew.
        #expect(differsFromWholeText < converted)
    }

    /// The tables of the Basic Multilingual Plane answer as Unicode's properties do, for every scalar.
    @Test func theBMPTablesAreTheProperties() {
        var letters = 0, lowercased = 0
        for value in UInt32(0)..<0x10000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let letter = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            #expect(SearchText.BMPTable.lettersAndDigits.contains(value) == letter, "\(value)")
            let changed = scalar.properties.lowercaseMapping.unicodeScalars.elementsEqual([scalar]) == false
            #expect(SearchText.BMPTable.changedByLowercasing.contains(value) == changed, "\(value)")
            if letter { letters += 1 }
            if changed { lowercased += 1 }
        }
        #expect(letters > 40_000 && lowercased > 1_000)
        #expect(SearchText.kind(of: "。") == nil && SearchText.kind(of: "々") == false && SearchText.kind(of: "Ä") == false)
        #expect(SearchText.normalize("ÄÖ。Ǆ") == "äö。ǆ")
    }

    /// Preparation makes the article's search document; it is what SearchText makes of its title and text.
    @Test func preparedArticlesCarryTheirSearchDocument() {
        let text = "香港銀行業公佈業績，證券市場反應熱烈。\n第二行：A股2024年"
        let article = PreparedArticle(ArticleDraft(itemID: "1", title: "港股銀行"), itemID: "1", contentHTML: "<p>x</p>",
                                      contentText: text, fingerprint: Fingerprinter().fingerprint(text))
        let document = SearchDocument(title: "港股銀行", text: text)
        #expect(article.searchDocument == document)
        #expect(document.title == "港股 股银 银行")
        #expect(document.body.hasPrefix("香港 港银 银行 行业"))
        #expect(document.tails == "行 绩 烈 行")
        let plain = PreparedArticle(ArticleDraft(itemID: "1", title: "t"), itemID: "1", contentHTML: "", contentText: "",
                                    fingerprint: Fingerprinter().fingerprint(""), indexedForSearch: false)
        #expect(plain.searchDocument == nil)
    }
}
