@testable import Dedup
import Testing

@Suite struct ChineseConverterTests {
    /// The table of characters OpenCC changes is built in chunks at start-up; it must say, for every
    /// CJK character of the BMP, exactly what converting that character alone says.
    @Test func theConvertibleTableAgreesWithOpenCCForEveryCJKCharacter() throws {
        let converter = try #require(ChineseConverter.shared)
        let ranges: [ClosedRange<UInt32>] = [0x2E80...0x2FDF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF]
        var disagreements: [String] = []
        for scalar in ranges.flatMap({ $0 }).compactMap(Unicode.Scalar.init) {
            let text = String(Character(scalar))
            if converter.needsConversion(text) != (converter.convertedThroughOpenCC(text) != text) {
                disagreements.append(text)
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
        #expect(converter.convertibleCount > 2_000)
    }

    @Test func traditionalTextStillBecomesSimplified() throws {
        let converter = try #require(ChineseConverter.shared)
        #expect(converter.simplified("銀行業務發展") == "银行业务发展")
        #expect(converter.simplified("藉此說明") == "借此说明")
        #expect(converter.simplified("已经是简体") == "已经是简体")
    }
}
