import Decode
import Foundation
import Testing
import TestSupport

/// Every real page of `Tests/Fixtures/extraction` decodes to the text its ground truth holds.
@Suite struct SharedPagesDecodingTests {
    struct Page: Sendable, CustomTestStringConvertible {
        var set: String
        var id: String
        var encodingLabel: String?
        var content: String
        var testDescription: String { "\(set)/\(id)" }
    }

    static let pages: [Page] = loadPages()

    @Test func fixturesArePresent() {
        #expect(Self.pages.count >= 50)
    }

    @Test(arguments: pages) func pageDecodesWithoutMojibake(_ page: Page) throws {
        let data = try Data(contentsOf: pageURL(page))
        let decoded = try TextDecoder.decode(data, contentType: nil, location: page.id)
        // The ground truth body was decoded by the dataset's authors; its Han characters must all be
        // in our text (mojibake would turn them into others).
        let expected = Set(page.content.unicodeScalars.filter(isHan))
        let found = Set(decoded.text.unicodeScalars.filter(isHan))
        let missing = expected.subtracting(found)
        #expect(missing.count * 50 <= expected.count, "\(missing.count) of \(expected.count) Han characters missing")
        if let label = page.encodingLabel {
            #expect(decoded.charset == label, "labelled \(label), decoded as \(decoded.charset) (\(decoded.source))")
        }
    }

    @Test(arguments: pages) func damagedBytesAreDroppedNotReplaced(_ page: Page) throws {
        let data = try Data(contentsOf: pageURL(page))
        let decoded = try TextDecoder.decode(data, contentType: nil, location: page.id)
        let literal = data.ranges(of: Data([0xEF, 0xBF, 0xBD])).count
        let replaced = decoded.text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count
        #expect(replaced == (decoded.charset == "UTF-8" ? literal : 0))
        if let damage = decoded.damage {
            // Foundation's decoders as an independent witness that the bytes are damaged.
            #expect(String(data: data, encoding: .utf8) == nil)
            #expect(String(data: data, encoding: String.Encoding(rawValue: 0x8000_0632)) == nil) // GB18030
            #expect(damage.droppedBytes > 0 && damage.droppedBytes * 1000 < data.count)
            #expect(damage.firstOffset < data.count)
        }
    }

    private func pageURL(_ page: Page) -> URL {
        Fixtures.url("extraction/\(page.set)/pages/\(page.id).html")
    }

    private func isHan(_ scalar: Unicode.Scalar) -> Bool { (0x4E00...0x9FFF).contains(scalar.value) }

    private static func loadPages() -> [Page] {
        let root = Fixtures.url("extraction")
        let sets = (try? FileManager.default.contentsOfDirectory(atPath: root.path).sorted()) ?? []
        return sets.flatMap { set -> [Page] in
            guard let text = try? String(contentsOf: root.appendingPathComponent("\(set)/gt.jsonl"), encoding: .utf8)
            else { return [] }
            return text.split(separator: "\n").compactMap { line in
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let id = object["id"] as? String else { return nil }
                return Page(set: set, id: id, encodingLabel: canonical(object["html_encoding_detected"] as? String),
                            content: object["content"] as? String ?? "")
            }
        }
    }

    /// The dataset's labels come from Python's codec names.
    private static func canonical(_ label: String?) -> String? {
        switch label?.lowercased() {
        case "utf-8", "utf-8-sig": "UTF-8"
        case "gb18030", "gbk", "gb2312": "GB18030"
        case "big5", "big5hkscs": "BIG5-HKSCS"
        default: nil
        }
    }
}
