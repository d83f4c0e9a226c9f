import Foundation
import Testing
@testable import Decode

/// The declarations read from a document's head by bytes must be the ones the earlier reading by
/// Characters and Foundation's case-insensitive search found; that reading is kept here as the reference.
@Suite struct CharsetSnifferTests {
    enum Reference {
        static func xmlEncoding(_ head: String) -> String? {
            let start = head.drop { $0.isWhitespace }
            guard start.hasPrefix("<?xml"), let end = start.range(of: "?>") else { return nil }
            return attributeValue("encoding", in: start[..<end.lowerBound])
        }

        static func metaCharsets(_ head: String) -> [String] {
            var labels: [String] = []
            var rest = Substring(head)
            while let open = rest.range(of: "<meta", options: .caseInsensitive) {
                let tail = rest[open.upperBound...]
                let close = tail.firstIndex(of: ">") ?? tail.endIndex
                if let label = attributeValue("charset", in: tail[..<close]) { labels.append(label) }
                rest = tail[close...]
            }
            return labels
        }

        static func attributeValue(_ name: String, in text: Substring) -> String? {
            guard let range = text.range(of: name, options: .caseInsensitive) else { return nil }
            var rest = text[range.upperBound...].drop { $0 == " " || $0 == "\t" }
            guard rest.first == "=" else { return nil }
            rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" }
            let value = rest.prefix { $0.isLetter || $0.isNumber || "-_.:".contains($0) }
            return value.isEmpty ? nil : String(value)
        }
    }

    static let pieces = ["<meta", "<META", "<Meta ", "charset", "CharSet", "encoding", "ENCODING", "=", " = ", "\"", "'",
                         " ", "\t", "\r\n", "\n", "\u{0B}", "\u{1C}", ">", "<?xml", "<?XML", "?>", "?", "<", "gbk", "UTF-8",
                         "big5-hkscs", "gb_2312.80:x", "content=\"text/html; charset=gb2312\"", "http-equiv", "x", "é",
                         "银", ";", "/", "0"]

    static func head(_ text: String) -> [UInt8] { Array(text.utf8).map { $0 < 0x80 ? $0 : 0x20 } }

    @Test func randomHeadsGiveTheReferenceDeclarations() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...14, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }
                .joined()
            let bytes = Self.head(text)
            let string = String(decoding: bytes, as: UTF8.self)
            #expect(CharsetSniffer.xmlEncoding(bytes) == Reference.xmlEncoding(string), "\(string.debugDescription)")
            #expect(CharsetSniffer.metaCharsets(bytes) == Reference.metaCharsets(string), "\(string.debugDescription)")
        }
    }

    @Test func declarationsInTheirUsualForms() {
        #expect(CharsetSniffer.xmlEncoding(Self.head(" \n<?xml version=\"1.0\" encoding=\"GB2312\"?><rss>")) == "GB2312")
        #expect(CharsetSniffer.xmlEncoding(Self.head("<rss><?xml encoding=\"gbk\"?>")) == nil)
        #expect(CharsetSniffer.metaCharsets(Self.head(
            "<head><META http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\"><meta charset='utf-8'>")) == ["gbk", "utf-8"])
    }
}
