import Foundation
import Model

/// Turns the text of one file into a draft. Pure: no I/O, so every rule is pinned by table tests.
package struct PostParser {
    let location: String
    let timeZone: TimeZone

    package init(location: String, timeZone: TimeZone) {
        self.location = location
        self.timeZone = timeZone
    }

    package func parse(_ text: String, fileExtension: String) throws(SourceError) -> ArticleDraft {
        let normalized = Self.hasCRLF(text) ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
        if let frontMatter = try FrontMatter.split(normalized, location: location) {
            return try parsePost(frontMatter)
        }
        if ["html", "htm", "xhtml"].contains(fileExtension.lowercased()) || Self.looksLikeHTMLPage(normalized) {
            return try HTMLPageParser(location: location, timeZone: timeZone).parse(normalized)
        }
        return try PlainTextParser(location: location).parse(normalized)
    }

    /// Whether a CR LF pair is there, by byte: Foundation's `contains` bridges the whole text to UTF-16.
    static func hasCRLF(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == 0x0A && previous == 0x0D { return true }
            previous = byte
        }
        return false
    }

    static func looksLikeHTMLPage(_ text: String) -> Bool {
        let head = text.prefix(1024).lowercased()
        return head.contains("<!doctype html") || head.contains("<html")
    }

    private func parsePost(_ post: FrontMatter) throws(SourceError) -> ArticleDraft {
        let fields = post.fields
        guard let title = fields.string("title")?.trimmingCharacters(in: .whitespacesAndNewlines), !title.isEmpty else {
            throw .noTitle(location: location)
        }
        var published: ZonedDate?
        if let raw = fields.string("date") {
            guard let date = ZonedDate.parse(raw, defaultZone: timeZone) else {
                throw .unparsableDate(location: location, line: fields.line(of: "date"), value: raw)
            }
            published = date
        }
        let body = PostBody(post.body)
        let outlet = body.outlet
        var draft = ArticleDraft(
            itemID: body.sourceLink.flatMap(Self.siteID) ?? body.sourceLink ?? location,
            link: body.sourceLink, title: title, published: published, outlet: outlet,
            author: fields.string("author"),
            categories: fields.list("categories").map { Self.category($0, outlet: outlet) },
            tags: fields.list("tags"),
            imageURL: fields.string("headimg") ?? fields.string("thumbnail") ?? fields.string("image")
                ?? fields.string("cover"),
            bodyHTML: body.html)
        if draft.link == nil, let link = fields.string("link") ?? fields.string("source_url") {
            draft.link = link
            draft.baseURL = link
            draft.itemID = Self.siteID(link) ?? link
        }
        return draft
    }

    /// The id a news site gives an article inside its link. The seed script's API named articles by
    /// `infoCode` (`NewsShare.html?infoCode=NW202112232224053637`).
    static func siteID(_ link: String) -> String? {
        guard let components = URLComponents(string: link) else { return nil }
        return components.queryItems?.first { $0.name.caseInsensitiveCompare("infoCode") == .orderedSame }?.value
    }

    /// Jekyll categories are often slugs already (`nanjingchenbao`); when the slug is the pinyin of the
    /// outlet's name, readers see the name.
    static func category(_ value: String, outlet: String?) -> Category {
        let isSlug = value.unicodeScalars.allSatisfy { $0.isASCII }
        guard isSlug else { return Category(name: value) }
        let slug = Slug.make(value)
        if let outlet, Slug.make(outlet) == slug { return Category(slug: slug, name: outlet) }
        return Category(slug: slug, name: value)
    }
}
