import Adapters
import Extract
import Fetch
import Foundation
import Model
import Sanitize

/// An article page through the extractor: what it returns is sanitized HTML and a publishable date.
enum ExtractHarness {
    static func run(_ data: Data) throws(InvariantBroken) {
        let html = String(decoding: data, as: UTF8.self)
        let extractor = ArticleExtractor(clock: ManualClock(Invariants.fixedNow), zone: Invariants.shanghai)
        let article: ExtractedArticle
        do {
            article = try extractor.extract(html: html, url: "https://news.example.com/2025/06/03/a123.html")
        } catch {
            return
        }
        try Invariants.check(article.published, "published")
        // The extractor hands the body over raw; the refresh's preparation sanitizes it, as here.
        let body = Sanitizer(baseURL: article.baseURL).sanitize(html: article.bodyHTML)
        let problems = SafetyCheck.problems(in: body)
        try Invariants.check(problems.isEmpty, "extracted body not safe once sanitized: \(problems)")
    }
}

/// The sanitizer's promises: nothing executable survives, and a second pass changes nothing.
enum SanitizeHarness {
    static func run(_ data: Data) throws(InvariantBroken) {
        let html = String(decoding: data, as: UTF8.self)
        let sanitizer = Sanitizer(baseURL: "https://news.example.com/a/b.html")
        let once = sanitizer.sanitize(html: html)
        let problems = SafetyCheck.problems(in: once)
        try Invariants.check(problems.isEmpty, "unsafe output \(problems): \(once.debugDescription)")
        let twice = sanitizer.sanitize(html: once)
        try Invariants.check(twice == once, "second pass changed \(once.debugDescription) into \(twice.debugDescription)")
    }
}

/// Every date reader that sees outside text: front matter and feeds (`ZonedDate.parse`), feeds' Chinese
/// forms (`FeedDate`), HTTP dates (`HTTPDate`, Retry-After).
enum DatesHarness {
    static let zones = [TimeZone(secondsFromGMT: 0)!, Invariants.shanghai, TimeZone(secondsFromGMT: -(3 * 3600 + 1800))!]

    static func run(_ data: Data) throws(InvariantBroken) {
        let text = String(decoding: data, as: UTF8.self)
        for zone in zones {
            try Invariants.check(ZonedDate.parse(text, defaultZone: zone), "ZonedDate.parse")
            try Invariants.check(FeedDate.parse(text, timeZone: zone), "FeedDate.parse")
        }
        if let seconds = HTTPDate.parse(text) {
            try Invariants.check(HTTPDate.parse(HTTPDate.format(secondsSince1970: seconds)) == seconds, "HTTP-date round trip")
        }
        _ = RetryAfter.date(from: text, now: Invariants.fixedNow)
    }
}
