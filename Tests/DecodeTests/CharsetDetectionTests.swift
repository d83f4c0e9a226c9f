import Decode
import Foundation
import Testing
import TestSupport

@Suite struct CharsetDetectionTests {
    private func decode(_ fixture: String, contentType: String? = nil) throws -> DecodedText {
        try TextDecoder.decode(Fixtures.data("decode/\(fixture)"), contentType: contentType, location: fixture)
    }

    @Test func gbkWithoutDeclarationIsDetectedAsGB18030() throws {
        let decoded = try decode("gbk-undeclared.html")
        #expect(decoded.charset == "GB18030")
        #expect(decoded.source == .detected)
        #expect(decoded.text.contains("上证指数收涨0.52%"))
    }

    @Test func gb2312MetaDecodesAsGB18030() throws {
        let decoded = try decode("gbk-meta-gb2312.html")
        #expect(decoded.charset == "GB18030")
        #expect(decoded.source == .metaTag)
        #expect(decoded.text.contains("银行间市场流动性"))
    }

    @Test func utf8PageDeclaringGB2312IsUTF8() throws {
        let decoded = try decode("utf8-meta-gb2312.html")
        #expect(decoded.charset == "UTF-8")
        #expect(decoded.source == .utf8OverDeclared(declared: "GB18030"))
        #expect(decoded.text.contains("央行开展逆回购操作"))
    }

    @Test func big5MetaDecodesAsBig5HKSCS() throws {
        let decoded = try decode("big5-meta.html")
        #expect(decoded.charset == "BIG5-HKSCS")
        #expect(decoded.text.contains("臺灣加權指數收盤上漲"))
    }

    @Test func httpHeaderCharsetComesBeforeTheDocument() throws {
        let decoded = try decode("big5-undeclared.html", contentType: "text/html; charset=\"Big5\"")
        #expect(decoded.source == .httpHeader)
        #expect(decoded.text.contains("恒生指數亦告上升"))
    }

    @Test func headerClaimingUTF8OnGBKBytesFallsBackToDetection() throws {
        let decoded = try decode("gbk-undeclared.html", contentType: "text/html; charset=utf-8")
        #expect(decoded.charset == "GB18030")
        #expect(decoded.source == .detected)
        #expect(decoded.text.contains("上证指数"))
    }

    @Test func xmlDeclarationGB2312() throws {
        let decoded = try decode("rss-gb2312.xml", contentType: "application/rss+xml")
        #expect(decoded.charset == "GB18030")
        #expect(decoded.source == .xmlDeclaration)
        #expect(decoded.text.contains("<title>财经频道</title>"))
    }

    @Test func byteOrderMarkWins() throws {
        let decoded = try decode("utf16le-bom.html", contentType: "text/html; charset=gbk")
        #expect(decoded.charset == "UTF-16LE")
        #expect(decoded.source == .byteOrderMark)
        #expect(decoded.text.hasPrefix("<html><body><p>上证指数"))
    }

    @Test func damagedGBKDropsTheBrokenByteAndSaysWhere() throws {
        let decoded = try decode("gbk-damaged.html")
        #expect(decoded.source == .lossy)
        #expect(decoded.charset == "GB18030")
        #expect(decoded.damage == DecodeDamage(droppedBytes: 1, firstOffset: 160))
        #expect(decoded.text.contains("标题截断：..."))
        #expect(!decoded.text.contains("\u{FFFD}"))
    }

    /// Six characters each lost their last byte; strict GB18030 reads such runs as other characters.
    @Test func damagedUTF8StaysUTF8WithTheBrokenBytesDropped() throws {
        let decoded = try decode("utf8-damaged.xml", contentType: "application/rss+xml")
        #expect(decoded.charset == "UTF-8")
        #expect(decoded.source == .lossy)
        #expect(decoded.damage == DecodeDamage(droppedBytes: 12, firstOffset: 111))
        #expect(decoded.text.contains("<title>财经快讯</title>"))
        #expect(decoded.text.contains("<title>央开展逆回购操作</title>"))
        #expect(!decoded.text.contains("\u{FFFD}"))
        let undeclared = try TextDecoder.decode(Fixtures.data("decode/utf8-damaged.xml").dropFirst(39),
                                                contentType: nil, location: "utf8-damaged.xml")
        #expect(undeclared.charset == "UTF-8")
        #expect(undeclared.damage?.droppedBytes == 12)
    }

    @Test func damagedBig5DropsTheBrokenBytes() throws {
        let decoded = try decode("big5-damaged.html")
        #expect(decoded.charset == "BIG5-HKSCS")
        #expect(decoded.damage == DecodeDamage(droppedBytes: 2, firstOffset: 100))
        #expect(decoded.text.contains("臺灣加權指數收盤上漲"))
        #expect(decoded.text.contains("標題截斷：..."))
        #expect(decoded.text.contains("成交量放大</p>"))
        #expect(!decoded.text.contains("\u{FFFD}"))
    }

    /// Text that is mostly not in any charset is refused, not decoded into a handful of characters.
    @Test func mostlyUndecodableIsRefused() {
        let bytes = Data("<html><meta charset=\"utf-8\"><p>".utf8) + Data(repeating: 0xFF, count: 400)
        #expect(throws: DecodeError.undecodable(location: "page", charset: "UTF-8")) {
            try TextDecoder.decode(bytes, contentType: nil, location: "page")
        }
    }

    @Test func binaryIsRefused() {
        let data = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D])
        #expect(throws: DecodeError.binary(location: "logo.png")) {
            try TextDecoder.decode(data, contentType: "text/html", location: "logo.png")
        }
    }

    @Test func randomBytesAreUndecodable() {
        var generator = SplitMix64(seed: 7)
        let bytes = (0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next() | 0x01) }
        #expect(throws: DecodeError.self) {
            try TextDecoder.decode(Data(bytes), contentType: nil, location: "noise")
        }
    }

    @Test func unknownLabelIsIgnored() throws {
        let decoded = try TextDecoder.decode(Data("<meta charset=\"x-no-such\">价格".utf8), contentType: nil,
                                             location: "page")
        #expect(decoded.charset == "UTF-8")
        #expect(decoded.source == .detected)
    }

    @Test func decodeUTF8StaysStrict() throws {
        #expect(try TextDecoder.decodeUTF8(Data([0xEF, 0xBB, 0xBF]) + Data("行情".utf8), location: "f") == "行情")
        #expect(throws: DecodeError.undecodable(location: "f", charset: "UTF-8")) {
            try TextDecoder.decodeUTF8(Fixtures.data("decode/gbk-undeclared.html"), location: "f")
        }
    }
}

