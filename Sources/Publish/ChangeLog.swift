import Foundation
import Markup
import Model

/// The change log: `changes.jsonl`, append-only, one JSON object per change event, and
/// `changes.atom`, an Atom feed of the newest events.
enum ChangeLog {
    struct Line: Codable {
        var id: Int64
        var refresh: Int64
        var at: String
        var kind: String
        var article: String
        var source: String
        var title: String
        var link: String?
        var detail: String?
    }

    /// One line per event, each ending in a newline.
    static func lines(_ events: [ChangeEvent], _ context: FeedContext) -> Data {
        // A line with a Chinese title, its link and a story detail is 500-900 bytes: reserving that
        // spares the buffer's doublings, each of which briefly holds the old and the new copy.
        var writer = JSONWriter(pretty: false, capacity: events.count * 800)
        for event in events {
            let line = Line(id: event.id, refresh: event.refreshID, at: context.zoned(event.at).rfc3339,
                            kind: event.kind.rawValue, article: event.articleID, source: event.sourceID,
                            title: event.title, link: PublishableLink.http(event.link), detail: event.detail)
            line.write(to: &writer)
            writer.newline()
        }
        return writer.data
    }

    /// The id of the last complete line of an existing log, so appending resumes exactly after it
    /// even when an earlier run died between committing events and logging them.
    static func lastLoggedID(in data: Data) -> Int64 {
        let lines = data.split(separator: UInt8(ascii: "\n"))
        for line in lines.reversed() {
            if let parsed = try? JSONDecoder().decode(Line.self, from: Data(line)) { return parsed.id }
        }
        return 0
    }

    /// The last 64 KiB of the log: enough for its last complete lines, and the log grows with the
    /// archive, so reading all of it would make every publish cost the archive's size.
    static func tail(of url: URL, bytes: UInt64 = 65_536) -> Data {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return Data() }
        defer { try? handle.close() }
        guard let end = try? handle.seekToEnd() else { return Data() }
        try? handle.seek(toOffset: end > bytes ? end - bytes : 0)
        var data = (try? handle.readToEnd()) ?? Data()
        // A cut first line is not a line: drop everything before the first newline.
        if end > bytes, let newline = data.firstIndex(of: UInt8(ascii: "\n")) {
            data = data[data.index(after: newline)...]
        }
        return Data(data)
    }

    static let kindTitles: [ChangeKind: String] = [.new: "新增", .updated: "更新", .removed: "删除", .merged: "合并"]

    static func atom(_ events: [ChangeEvent], title: String, _ context: FeedContext, fallbackUpdated: Date) -> Data {
        let writer = XMLWriter()
        let updated = context.zoned(events.map(\.at).max() ?? fallbackUpdated)
        AtomRenderer.header(writer, title: title, subtitle: "new, edited, removed and merged articles",
                            selfURL: context.absolute("changes.atom"), alternate: context.absolute(""),
                            updated: updated, context: context)
        for event in events {
            writer.start("entry")
            writer.element("id", Article.urn(for: "change:\(event.id):\(event.articleID):\(event.at.timeIntervalSince1970)"))
            writer.element("title", "[\(kindTitles[event.kind] ?? event.kind.rawValue) \(event.kind.rawValue)] \(event.title)")
            if let link = PublishableLink.http(event.link) {
                writer.empty("link", ["rel": "alternate", "type": "text/html", "href": link])
            }
            writer.element("published", context.zoned(event.at).rfc3339)
            writer.element("updated", context.zoned(event.at).rfc3339)
            writer.empty("category", ["term": event.kind.rawValue])
            // RFC 4287 §4.1.2: an entry without an alternate link must carry content.
            writer.element("content", "\(event.kind.rawValue): \(event.title)" + (event.detail.map { " — \($0)" } ?? "")
                + " [source \(event.sourceID), article \(event.articleID)]", ["type": "text"])
            writer.end()
        }
        writer.end()
        return writer.finish()
    }
}

extension ChangeLog.Line {
    /// One line as `JSONEncoder` with `.sortedKeys, .withoutEscapingSlashes` writes it (`JSONWriterTests`).
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("article", article)
        writer.member("at", at)
        writer.member("detail", detail)
        writer.member("id", id)
        writer.member("kind", kind)
        writer.member("link", link)
        writer.member("refresh", refresh)
        writer.member("source", source)
        writer.member("title", title)
        writer.endObject()
    }
}
