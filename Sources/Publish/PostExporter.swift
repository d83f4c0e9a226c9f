public import Config
import Foundation
public import Model
public import Store

/// Writes archive articles as Jekyll or Hexo posts in the seed script's styles, one file per article;
/// a file is written only when it is new or its text changed, so a static-site builder watching the
/// folder sees only real changes.
public struct PostExporter: Sendable {
    public let target: ExportTarget
    /// The zone of `date:` for articles without a publish time (their first-seen time is used).
    public let timeZone: TimeZone

    public init(target: ExportTarget, timeZone: TimeZone) {
        self.target = target
        self.timeZone = timeZone
    }

    public struct Summary: Sendable, Equatable {
        public var written = 0
        public var unchanged = 0

        public init(written: Int = 0, unchanged: Int = 0) {
            self.written = written
            self.unchanged = unchanged
        }
    }

    var postsFolder: URL { target.folder.appendingPathComponent(target.style == .jekyll ? "_posts" : "source/_posts") }

    /// Exports every selected article published (or first seen) at or after `since`.
    public func export(_ archive: any ArchiveStore, since: Date? = nil, now: Date = Date()) throws -> Summary {
        let cutoff = [since, target.maxAge.map { now.addingTimeInterval(-$0) }].compactMap { $0 }.max()
        try FileManager.default.createDirectory(at: postsFolder, withIntermediateDirectories: true)
        var summary = Summary()
        let sources = target.sources.map { $0 as [String?] } ?? [nil]
        for source in sources {
            try archive.forEachArticle(source: source) { article in
                try write(article, cutoff: cutoff, into: &summary)
            }
        }
        return summary
    }

    /// After a refresh: only the articles the change log names since the last update are looked at (a
    /// full export the first time, or when the folder's state file is missing or was written for other
    /// settings), so a 30-second refresh does not rescan the archive.
    public func update(_ archive: any ArchiveStore, now: Date = Date()) throws -> Summary {
        let stateFile = target.folder.appendingPathComponent(".finews-export.json")
        let settings = "\(target.style.rawValue)|\(target.sources ?? [])|\(target.maxAge ?? -1)|\(target.siteURL ?? "")"
        let newest = try archive.latestChanges(limit: 1).first?.id ?? 0
        let state = (try? Data(contentsOf: stateFile)).flatMap { try? JSONDecoder().decode(ExportState.self, from: $0) }
        var summary: Summary
        if let state, state.settings == settings, state.lastChange <= newest,
           FileManager.default.fileExists(atPath: postsFolder.path) {
            summary = Summary()
            let cutoff = target.maxAge.map { now.addingTimeInterval(-$0) }
            var after = state.lastChange
            var seen: Set<String> = []
            while true {
                let events = try archive.changes(after: after, limit: 5000)
                guard let last = events.last else { break }
                after = last.id
                for event in events where seen.insert(event.articleID).inserted {
                    guard target.sources?.contains(event.sourceID) ?? true,
                          let article = try archive.article(id: event.articleID) else { continue }
                    try write(article, cutoff: cutoff, into: &summary)
                }
            }
        } else {
            summary = try export(archive, now: now)
        }
        let data = try JSONEncoder().encode(ExportState(settings: settings, lastChange: newest))
        try data.write(to: stateFile, options: .atomic)
        return summary
    }

    private struct ExportState: Codable {
        var settings: String
        var lastChange: Int64
    }

    private func write(_ article: Article, cutoff: Date?, into summary: inout Summary) throws {
        guard article.removed == nil else { return }
        let date = article.published ?? ZonedDate(date: article.firstSeen, timeZone: timeZone)
        if let cutoff, date.date < cutoff { return }
        let post = Self.post(article, date: date, style: target.style, siteURL: target.siteURL)
        let file = postsFolder.appendingPathComponent(post.name)
        let data = Data(post.text.utf8)
        if (try? Data(contentsOf: file)) == data {
            summary.unchanged += 1
        } else {
            try data.write(to: file, options: .atomic)
            summary.written += 1
        }
    }

    /// The file name and text of one post.
    public static func post(_ article: Article, date: ZonedDate, style: ExportTarget.Style,
                            siteURL: String?) -> (name: String, text: String) {
        let outlet = article.outlet ?? article.sourceID
        let name = "\(String(date.rfc3339.prefix(10)))-\(fileID(article)).md"
        var lines: [String] = ["---"]
        switch style {
        case .jekyll:
            lines += ["layout: post", "title: \(doubleQuoted(article.title))", "date: \(jekyllDate(date))",
                      "categories: \(Slug.make(outlet))", "tags: \(plainScalar(outlet + "新闻"))"]
        case .hexo:
            lines.append("title: \(singleQuoted(article.title))")
            lines.append("categories: ")
            var categories = article.categories.map(\.name)
            if !categories.contains(outlet) { categories.append(outlet) }
            lines += categories.map { " - \(plainScalar($0))" }
            let image = article.imageURL ?? firstImage(article.contentHTML)
            if let image { lines.append("headimg: \(singleQuoted(image))") }
            lines += ["author: \(plainScalar(article.author ?? outlet))", "comments: false",
                      "date: \(HTTPDate.format(secondsSince1970: Int(date.date.timeIntervalSince1970)))"]
            if let image { lines.append("thumbnail: \(singleQuoted(image))") }
        }
        lines += ["---", ""]
        var text = lines.joined(separator: "\n") + article.contentHTML.trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
        if let link = article.link, !link.contains(">"), !link.contains(" ") { text += "\n<\(link)>\n" }
        if style == .jekyll, var site = siteURL, !site.isEmpty {
            while site.hasSuffix("/") { site.removeLast() }
            text += "\n[返回\(outlet)新闻](\(site)/category/\(Slug.make(outlet)).html)｜[返回首页](\(site)/)\n"
        }
        return (name, text)
    }

    /// The item id when it is file-name safe (`NW2021…`, `2034561`), else the article's stable id.
    static func fileID(_ article: Article) -> String {
        let id = article.itemID
        let safe = id.count <= 80 && !id.isEmpty && id.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_")
        }
        return safe ? id : article.id
    }

    /// `2021-12-23 13:43:05 +0800`.
    static func jekyllDate(_ date: ZonedDate) -> String {
        let c = date.components
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d ", c.year ?? 1970, c.month ?? 1, c.day ?? 1,
                      c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
            + String(format: "%@%02d%02d", date.utcOffset < 0 ? "-" : "+", abs(date.utcOffset) / 3600, abs(date.utcOffset) % 3600 / 60)
    }

    static func doubleQuoted(_ text: String) -> String {
        "\"" + oneLine(text).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func singleQuoted(_ text: String) -> String {
        "'" + oneLine(text).replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// Outlet names as the seeds wrote them, plain; quoted when YAML would read them otherwise.
    static func plainScalar(_ text: String) -> String {
        let line = oneLine(text)
        let special = CharacterSet(charactersIn: ":#{}[],&*!|>'\"%@`-?")
        if line.unicodeScalars.contains(where: { special.contains($0) }) || line != line.trimmingCharacters(in: .whitespaces) {
            return singleQuoted(line)
        }
        return line
    }

    private static func oneLine(_ text: String) -> String {
        text.components(separatedBy: .newlines).joined(separator: " ")
    }

    private static func firstImage(_ html: String) -> String? {
        guard let range = html.range(of: #"<img[^>]+src="(https?://[^"]+)""#, options: .regularExpression) else { return nil }
        let tag = html[range]
        guard let start = tag.range(of: "src=\"") else { return nil }
        return String(tag[start.upperBound...].dropLast())
    }
}
