import Foundation
import Testing
@testable import Dedup

struct NearDuplicateIndexTests {
    let fingerprinter = Fingerprinter()
    let article = (1...6).map { "第\($0)部分：新能源汽车产业链上下游企业加快布局，电池材料价格回落，整车企业利润改善。" }
        .joined(separator: "\n")

    @Test func bandKeysArePlainIntegersCarryingTheirBand() {
        let keys = fingerprinter.fingerprint(article).bandKeys
        #expect(keys.count == FingerprintParameters.standard.bands)
        for (band, key) in keys.enumerated() {
            #expect(key >= 0)
            #expect(Int(key >> 32) == band)
        }
    }

    @Test func lookupFindsAReprintAndNotAnUnrelatedText() {
        var index = NearDuplicateIndex<String>()
        index.insert("original", bandKeys: fingerprinter.fingerprint(article).bandKeys)
        let unrelated = String(repeating: "今天天气晴朗，气温回升，市民纷纷走出家门踏青赏花。", count: 5)
        index.insert("unrelated", bandKeys: fingerprinter.fingerprint(unrelated).bandKeys)
        let reprint = "【每日经济新闻讯】\n" + article + "\n责任编辑：李晓"
        let found = index.candidates(for: fingerprinter.fingerprint(reprint).bandKeys)
        #expect(found.first?.id == "original")
        #expect(found.first?.sharedBands == FingerprintParameters.standard.bands)
        #expect(!found.contains { $0.id == "unrelated" })
        #expect(index.count == 2)
    }

    @Test func candidatesAreBoundedByTheLimit() {
        var index = NearDuplicateIndex<Int>()
        let keys = fingerprinter.fingerprint(article).bandKeys
        for id in 0..<50 { index.insert(id, bandKeys: keys) }
        let found = index.candidates(for: keys, limit: 10)
        #expect(found.map(\.id) == Array((40..<50).reversed()))
    }

    @Test func clustererJoinsReprintsToTheFirstStory() {
        var clusterer = StoryClusterer<String>()
        #expect(clusterer.add("a", text: article).matched == nil)
        let reprint = clusterer.add("b", text: "本文来源：新华财经\n" + article.replacingOccurrences(of: "，", with: ","))
        #expect(reprint.story == "a")
        #expect(reprint.matched == "a")
        #expect(clusterer.story(of: "b") == "a")
    }
}

struct BadInputTests {
    let fingerprinter = Fingerprinter()

    @Test func emptyTextIsNotMatchable() {
        let empty = fingerprinter.fingerprint("")
        #expect(!empty.isMatchable)
        #expect(empty.length == 0)
        #expect(!DuplicatePolicy.standard.isDuplicate(empty, empty))
    }

    @Test func fiveMegabyteTextIsCappedAndStillComparable() {
        let paragraph = "沪深两市成交额连续放大，北向资金持续流入，券商板块领涨，市场情绪明显回暖。\n"
        var text = ""
        var counter = 0
        while text.utf8.count < 5_000_000 {
            text += "\(counter)" + paragraph
            counter += 1
        }
        let huge = fingerprinter.fingerprint(text)
        #expect(huge.isMatchable)
        #expect(huge.length == FingerprintParameters.standard.maximumLength)
        let reprint = fingerprinter.fingerprint("【财联社讯】\n" + text)
        #expect(DuplicatePolicy.standard.isDuplicate(huge, reprint))
    }

    @Test func badStreamLineIsNamed() {
        let data = Data("{\"id\":\"x\",\"cluster\":\"c\",\"kind\":\"original\"}\nnot json\n".utf8)
        #expect(throws: DedupError.self) { try JSONLines.decode(StreamLabel.self, from: data, file: "labels.jsonl") }
        do {
            _ = try JSONLines.decode(StreamLabel.self, from: data, file: "labels.jsonl")
        } catch {
            guard case .badStreamLine(let file, let line, _) = error else { Issue.record("wrong error"); return }
            #expect(file == "labels.jsonl")
            #expect(line == 2)
        }
    }
}
