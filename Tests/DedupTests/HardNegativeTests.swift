import Testing
@testable import Dedup

/// The cases the issue names: template reports, a shared disclaimer, headline-only items, and reprints
/// that must still match. Documents are picked by their label kind, never by id.
struct HardNegativeTests {
    let fingerprinter = Fingerprinter()
    let policy = DuplicatePolicy.standard

    func documents(ofKind kind: String) throws -> [StreamDocument] {
        let (documents, labels) = try SharedStreamTests.load()
        let kinds = Dictionary(labels.map { ($0.id, $0.kind) }, uniquingKeysWith: { a, _ in a })
        return documents.filter { kinds[$0.id] == kind }
    }

    @Test func templateMarketReportsAreDifferentStories() throws {
        let reports = try documents(ofKind: "template-report").map { fingerprinter.fingerprint($0.content) }
        #expect(reports.count >= 10)
        for i in reports.indices {
            for j in reports.indices where j > i {
                #expect(!policy.isDuplicate(reports[i], reports[j]))
            }
        }
    }

    @Test func templateReportDifferingOnlyInNumbersIsRejectedByTheNumbers() {
        let day = "2024年3月16日，A股三大指数收盘：沪指跌0.06%，报3182.87点，深成指跌2.14%，报11259.95点。"
            + "两市合计成交额11928.5亿元，较上一交易日放量471.7亿元。北向资金净卖出6.83亿元。"
            + "分析人士认为，当前市场仍处于震荡整理阶段，投资者应关注政策面变化与上市公司业绩披露情况。"
        let nextDay = "2024年3月17日，A股三大指数收盘：沪指涨0.51%，报3199.10点，深成指涨1.02%，报11374.12点。"
            + "两市合计成交额10283.1亿元，较上一交易日缩量1645.4亿元。北向资金净卖出2.17亿元。"
            + "分析人士认为，当前市场仍处于震荡整理阶段，投资者应关注政策面变化与上市公司业绩披露情况。"
        let similarity = policy.similarity(fingerprinter.fingerprint(day), fingerprinter.fingerprint(nextDay))
        #expect(similarity.unmatchedNumbers > similarity.comparedNumbers / 2)
        #expect(!policy.accepts(similarity))
        #expect(policy.isDuplicate(fingerprinter.fingerprint(day), fingerprinter.fingerprint("【财联社讯】\n" + day)))
    }

    @Test func shortDifferentArticlesSharingOneDisclaimerDoNotMatch() throws {
        let digests = try documents(ofKind: "digest-with-disclaimer").map { fingerprinter.fingerprint($0.content) }
        #expect(digests.count >= 5)
        for i in digests.indices {
            for j in digests.indices where j > i {
                #expect(!policy.isDuplicate(digests[i], digests[j]))
            }
        }
    }

    @Test func digestOfALongArticleIsNotTheArticle() {
        let paragraphs = (1...12).map { "第\($0)段：" + String(repeating: "央行今日开展逆回购操作，市场流动性合理充裕，债市情绪回暖。", count: 2) + "编号\($0 * 37)。" }
        let article = paragraphs.joined(separator: "\n")
        let digest = paragraphs.prefix(2).joined(separator: "\n") + "\n免责声明：本文仅代表作者个人观点，与本网无关。"
        let truncated = paragraphs.prefix(8).joined(separator: "\n")
        #expect(!policy.isDuplicate(fingerprinter.fingerprint(article), fingerprinter.fingerprint(digest)))
        #expect(policy.isDuplicate(fingerprinter.fingerprint(article), fingerprinter.fingerprint(truncated)))
    }

    @Test func headlineOnlyItemsAreNeverMatched() {
        let headline = "2024年5月28日A股收评：三大指数集体收涨"
        let first = fingerprinter.fingerprint(headline)
        #expect(!first.isMatchable)
        #expect(first.bandKeys.isEmpty)
        #expect(!policy.isDuplicate(first, fingerprinter.fingerprint(headline)))
        var clusterer = StoryClusterer<Int>()
        #expect(clusterer.add(1, text: headline).story == 1)
        #expect(clusterer.add(2, text: headline).story == 2)
    }

    @Test func traditionalTruncatedReprintsJoinTheirOriginal() throws {
        let (documents, labels) = try SharedStreamTests.load()
        let clusters = Dictionary(labels.map { ($0.id, $0.cluster) }, uniquingKeysWith: { a, _ in a })
        let kinds = Dictionary(labels.map { ($0.id, $0.kind) }, uniquingKeysWith: { a, _ in a })
        let reprints = documents.filter { kinds[$0.id]?.contains("traditional") == true }
        #expect(reprints.count >= 3)
        for reprint in reprints {
            let original = try #require(documents.first { clusters[$0.id] == clusters[reprint.id] && kinds[$0.id] == "original" })
            #expect(policy.isDuplicate(fingerprinter.fingerprint(reprint.content), fingerprinter.fingerprint(original.content)))
        }
    }
}
