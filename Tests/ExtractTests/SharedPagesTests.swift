import Decode
import Extract
import Foundation
import Model
import Sanitize
import Testing
import TestSupport

/// Every page of the shared extraction sets, decoded as the product decodes it: the extracted body,
/// sanitized as the preparation stage does, stays as it is when sanitized again, and no page comes
/// out as mojibake.
@Suite struct SharedPagesTests {
    let extractor = ArticleExtractor(clock: ManualClock(Date(timeIntervalSince1970: 1_716_000_000)))

    static func pages() throws -> [(name: String, url: String?, data: Data)] {
        var pages: [(String, String?, Data)] = []
        for set in ["magichtml_zh", "cwced", "trafilatura_zh"] {
            let folder = Fixtures.url("extraction/\(set)")
            let lines = try String(contentsOf: folder.appendingPathComponent("gt.jsonl"), encoding: .utf8)
                .split(separator: "\n")
            for line in lines {
                let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
                guard let id = record["id"] as? String else { continue }
                let data = try Data(contentsOf: folder.appendingPathComponent("pages/\(id).html"))
                pages.append(("\(set)/\(id)", (record["url"] as? String).flatMap { $0.isEmpty ? nil : $0 }, data))
            }
        }
        return pages
    }

    @Test func extractedBodiesAreFixedPointsOfTheSanitizer() throws {
        let pages = try Self.pages()
        #expect(pages.count >= 50)
        for page in pages {
            let text = try TextDecoder.decode(page.data, contentType: nil, location: page.name).text
            guard let article = try? extractor.extract(html: text, url: page.url) else { continue }
            let prepared = article.prepared
            #expect(!prepared.text.isEmpty, "\(page.name)")
            let again = Sanitizer(baseURL: article.baseURL).sanitize(html: prepared.html)
            #expect(again == prepared.html, "\(page.name)")
            #expect(!prepared.text.contains("锟斤拷") && !(article.title ?? "").contains("\u{FFFD}"), "\(page.name)")
        }
    }
}
