import Foundation
@testable import Publish
import Testing

/// `JSONWriter` must write exactly the bytes `JSONEncoder` wrote before it replaced it, so published
/// JSON Feeds and change log lines do not change: both are compared on the same documents.
@Suite struct JSONWriterTests {
    /// Every control character, quotes, backslashes, slashes, DEL, line and paragraph separators,
    /// non-BMP scalars, combining marks and CJK, in random mixes.
    static let pieces: [String] = (0..<0x20).map { String(Unicode.Scalar(UInt8($0))) }
        + ["\"", "\\", "/", "\u{7F}", "\u{2028}", "\u{2029}", "😀", "e\u{301}", "银行", "銀行", "<p>&amp;</p>", "a", " ", ""]

    static func randomString(_ generator: inout SystemRandomNumberGenerator) -> String {
        (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    static func encoded<T: Encodable>(_ value: T, pretty: Bool) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                                          : [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    @Test func everyPieceAloneIsWrittenAsJSONEncoderWritesIt() throws {
        for piece in Self.pieces {
            let line = ChangeLog.Line(id: 1, refresh: 2, at: piece, kind: "new", article: "a", source: "s", title: piece,
                                      link: nil, detail: piece)
            var writer = JSONWriter(pretty: false)
            line.write(to: &writer)
            #expect(writer.bytes == (try Self.encoded(line, pretty: false)), "piece \(Array(piece.unicodeScalars))")
        }
    }

    @Test func changeLogLinesMatchJSONEncoder() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let maybe = { (generator: inout SystemRandomNumberGenerator) -> String? in
                Bool.random(using: &generator) ? Self.randomString(&generator) : nil
            }
            let line = ChangeLog.Line(id: Int64.random(in: Int64.min...Int64.max, using: &generator),
                                      refresh: Int64.random(in: -5...1_000_000, using: &generator),
                                      at: Self.randomString(&generator), kind: Self.randomString(&generator),
                                      article: Self.randomString(&generator), source: Self.randomString(&generator),
                                      title: Self.randomString(&generator), link: maybe(&generator), detail: maybe(&generator))
            var writer = JSONWriter(pretty: false)
            line.write(to: &writer)
            #expect(writer.bytes == (try Self.encoded(line, pretty: false)))
        }
    }

    @Test func jsonFeedsMatchJSONEncoder() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<60 {
            let strings = { (generator: inout SystemRandomNumberGenerator) -> [String] in
                (0..<Int.random(in: 0...3, using: &generator)).map { _ in Self.randomString(&generator) }
            }
            let items = (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                let optional = { (generator: inout SystemRandomNumberGenerator) -> String? in
                    Bool.random(using: &generator) ? Self.randomString(&generator) : nil
                }
                return JSONFeedRenderer.Item(
                    id: Self.randomString(&generator), url: optional(&generator), title: Self.randomString(&generator),
                    content_html: Self.randomString(&generator), image: optional(&generator),
                    date_published: Self.randomString(&generator), date_modified: optional(&generator),
                    authors: Bool.random(using: &generator)
                        ? strings(&generator).map { JSONFeedRenderer.Author(name: $0) } : nil,
                    tags: Bool.random(using: &generator) ? strings(&generator) : nil,
                    _finews: JSONFeedRenderer.Extension(
                        source: Self.randomString(&generator), item_id: Self.randomString(&generator),
                        outlet: optional(&generator), categories: strings(&generator), story: optional(&generator),
                        also_reported_by: Bool.random(using: &generator) ? strings(&generator) : nil))
            }
            let feed = JSONFeedRenderer.Feed(title: Self.randomString(&generator), description: Self.randomString(&generator),
                                             home_page_url: Self.randomString(&generator),
                                             feed_url: Self.randomString(&generator), language: "zh-CN", items: items)
            var writer = JSONWriter(pretty: true)
            feed.write(to: &writer)
            let expected = try Self.encoded(feed, pretty: true)
            #expect(writer.bytes == expected, "\(String(decoding: writer.bytes, as: UTF8.self))\n---\n\(String(decoding: expected, as: UTF8.self))")
        }
    }
}
