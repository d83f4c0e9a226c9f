import Adapters
import Decode
import Foundation
import Model

/// Charset detection and decoding of a response body, under each kind of Content-Type a server sends.
enum DecodeHarness {
    static let contentTypes: [String?] = [
        nil, "text/html", "text/html; charset=utf-8", "text/html; charset=GBK", "application/xml; charset=big5",
        "text/xml; charset=utf-16", "application/json", "text/html; charset=x-unknown", "text/plain; charset=\"gb2312\"",
    ]

    static func run(_ data: Data) throws(InvariantBroken) {
        guard let selector = data.first else { return }
        let choice = Int(selector) % contentTypes.count
        let body = data.dropFirst()
        let decoded: DecodedText
        do {
            decoded = try TextDecoder.decode(body, contentType: contentTypes[choice], location: "fuzz")
        } catch {
            return
        }
        // Well-formed UTF-8 served as UTF-8 comes through unchanged (a BOM aside).
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        if contentTypes[choice] == "text/html; charset=utf-8", !body.starts(with: bom),
           let exact = String(validating: body, as: UTF8.self) {
            try Invariants.check(decoded.text == exact, "valid UTF-8 declared UTF-8 came out changed (\(decoded.charset))")
        }
    }
}

/// A feed response, decoded and parsed (RSS 0.9x/1.0/2.0, Atom, JSON Feed) down to drafts.
enum FeedHarness {
    static func run(_ data: Data) throws(InvariantBroken) {
        let text: String
        do {
            text = try TextDecoder.decode(data, contentType: "application/xml", location: "fuzz").text
        } catch {
            return
        }
        let feed: ParsedFeed
        do {
            feed = try FeedParser.parse(text, url: "https://example.com/feed.xml", timeZone: Invariants.shanghai)
        } catch {
            return
        }
        for item in feed.items {
            try Invariants.check(item.published, "item published")
            if case .success(let draft) = item.draft(feedURL: "https://example.com/feed.xml") {
                try Invariants.check(draft, "draft")
            }
        }
    }
}

/// One post file: front matter (YAML), then a Markdown, HTML or plain-text body.
enum PostsHarness {
    static let extensions = ["md", "markdown", "html", "txt"]

    static func run(_ data: Data) throws(InvariantBroken) {
        guard let selector = data.first else { return }
        let text = String(decoding: data.dropFirst(), as: UTF8.self)
        let parser = PostParser(location: "fuzz/post", timeZone: Invariants.shanghai)
        let draft: ArticleDraft
        do {
            draft = try parser.parse(text, fileExtension: extensions[Int(selector) % extensions.count])
        } catch {
            return
        }
        try Invariants.check(draft, "post")
    }
}
