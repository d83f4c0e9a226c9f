import Foundation
import Synchronization
import Testing
import Dedup

/// Story matching decides through `StoryCandidateLookup` alone: here an in-memory band table stands in
/// for the archive's.
struct StoryMatcherTests {
    final class Bands: StoryCandidateLookup, Sendable {
        private let state = Mutex<(bands: [Int64: [Int64]], texts: [Int64: String], textReads: Int)>(([:], [:], 0))

        func file(_ article: Int64, text: String, fingerprint: Fingerprint) {
            state.withLock { state in
                state.texts[article] = text
                for key in fingerprint.bandKeys { state.bands[key, default: []].insert(article, at: 0) }
            }
        }

        var textReads: Int { state.withLock { $0.textReads } }

        func articles(inBand key: Int64, limit: Int) throws -> [Int64] {
            state.withLock { Array(($0.bands[key] ?? []).prefix(limit)) }
        }

        func contentHash(of article: Int64) throws -> String? {
            state.withLock { $0.texts[article].map { "hash-\($0.count)-\(article)" } }
        }

        func contentText(of article: Int64) throws -> String? {
            state.withLock { state in
                state.textReads += 1
                return state.texts[article]
            }
        }
    }

    let fingerprinter = Fingerprinter()
    let article = (1...6).map { "第\($0)部分：新能源汽车产业链上下游企业加快布局，电池材料价格回落，整车企业利润改善。" }
        .joined(separator: "\n")
    let unrelated = String(repeating: "今天天气晴朗，气温回升，市民纷纷走出家门踏青赏花。", count: 5)

    @Test func aReprintMatchesItsOriginalAndAnUnrelatedTextNothing() throws {
        let bands = Bands()
        let matcher = StoryMatcher(fingerprinter: fingerprinter)
        bands.file(1, text: article, fingerprint: fingerprinter.fingerprint(article))
        bands.file(2, text: unrelated, fingerprint: fingerprinter.fingerprint(unrelated))
        let reprint = fingerprinter.fingerprint("【每日经济新闻讯】\n" + article + "\n责任编辑：李晓")
        #expect(try matcher.match(reprint, contentHash: "reprint", in: bands) == 1)
        let other = fingerprinter.fingerprint(String(repeating: "央行宣布下调存款准备金率，释放长期资金约一万亿元。", count: 5))
        #expect(try matcher.match(other, contentHash: "other", in: bands) == nil)
    }

    @Test func aCandidateIsFingerprintedOncePerContent() throws {
        let bands = Bands()
        let matcher = StoryMatcher(fingerprinter: fingerprinter)
        bands.file(1, text: article, fingerprint: fingerprinter.fingerprint(article))
        for copy in 0..<3 {
            let reprint = fingerprinter.fingerprint("【转载\(copy)】\n" + article)
            #expect(try matcher.match(reprint, contentHash: "copy\(copy)", in: bands) == 1)
        }
        #expect(bands.textReads == 1)
    }

    @Test func headlineOnlyTextsNeverMatch() throws {
        let bands = Bands()
        let matcher = StoryMatcher(fingerprinter: fingerprinter)
        let short = fingerprinter.fingerprint("央行降准")
        bands.file(1, text: "央行降准", fingerprint: short)
        #expect(try matcher.match(short, contentHash: "short", in: bands) == nil)
        #expect(bands.textReads == 0)
    }
}
