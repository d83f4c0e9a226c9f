import Foundation
import Sanitize
import Testing

@Suite struct HostileInputTests {
    /// libxml2 stops reading below depth 256 (its own guard); what it read must come out flat and stable,
    /// and the sanitizer's own walk must not recurse.
    @Test func nestingTenThousandDeepNeitherCrashesNorNestsOutput() {
        let sanitizer = Sanitizer()
        for tag in ["div", "b", "blockquote", "ul", "table", "a href=x", "span"] {
            let close = tag.split(separator: " ")[0]
            for depth in [200, 10_000] {
                let html = "<p>浅</p>" + String(repeating: "<\(tag)>", count: depth) + "深"
                    + String(repeating: "</\(close)>", count: depth)
                let output = sanitizer.sanitize(html: html)
                #expect(output.contains("浅"), "\(tag)")
                if depth < 256 { #expect(output.contains("深"), "\(tag) \(depth)") }
                #expect(output.components(separatedBy: "<").count < 200, "\(tag)")
                #expect(sanitizer.sanitize(html: output) == output)
            }
        }
    }

    @Test func emptyAndGarbageInputGiveEmptyOrHarmlessOutput() {
        let sanitizer = Sanitizer()
        #expect(sanitizer.sanitize(html: "") == "")
        #expect(sanitizer.sanitize(html: "   \n ") == "")
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let garbage = String(decoding: bytes, as: UTF8.self)
        let output = sanitizer.sanitize(html: garbage)
        #expect(sanitizer.sanitize(html: output) == output)
        #expect(!output.lowercased().contains("<script"))
    }
}
