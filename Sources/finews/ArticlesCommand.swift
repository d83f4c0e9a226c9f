import ArgumentParser
import Foundation
import Model
import Store

struct ArticlesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "articles", abstract: "List the articles in the archive, removed ones included.")

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("Only this source's articles.", valueName: "id"))
    var source: String?

    @Flag(help: "Print JSON Lines: one object per article.")
    var json = false

    struct Line: Encodable {
        var id: String
        var source: String
        var item_id: String
        var link: String?
        var title: String
        var published: String?
        var first_seen: String
        var updated: String
        var outlet: String?
        var author: String?
        var category: String?
        var categories: [String]
        var version: Int
        var removed: String?
        var story: String?

        enum CodingKeys: String, CodingKey {
            case id, source, item_id, link, title, published, first_seen, updated, outlet, author, category,
                 categories, version, removed, story
        }

        /// Absent values are written as null, so every line has every key.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(source, forKey: .source)
            try container.encode(item_id, forKey: .item_id)
            try container.encode(link, forKey: .link)
            try container.encode(title, forKey: .title)
            try container.encode(published, forKey: .published)
            try container.encode(first_seen, forKey: .first_seen)
            try container.encode(updated, forKey: .updated)
            try container.encode(outlet, forKey: .outlet)
            try container.encode(author, forKey: .author)
            try container.encode(category, forKey: .category)
            try container.encode(categories, forKey: .categories)
            try container.encode(version, forKey: .version)
            try container.encode(removed, forKey: .removed)
            try container.encode(story, forKey: .story)
        }
    }

    func run() async throws {
        let config = try options.load()
        let archive = try options.openArchive(config)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let zone = config.timeZone
        func stamp(_ date: Date) -> String { ZonedDate(date: date, timeZone: zone).rfc3339 }
        var lines: [(String, String)] = []
        try archive.forEachArticle(source: source) { article in
            if json {
                let line = Line(id: article.id, source: article.sourceID, item_id: article.itemID, link: article.link,
                                title: article.title, published: article.published?.rfc3339,
                                first_seen: stamp(article.firstSeen), updated: stamp(article.updated),
                                outlet: article.outlet, author: article.author, category: article.categories.first?.slug,
                                categories: article.categories.map(\.slug), version: article.version,
                                removed: article.removed.map(stamp), story: article.storyID ?? article.id)
                print(String(decoding: try encoder.encode(line), as: UTF8.self))
            } else {
                let when = article.published?.rfc3339 ?? "(unknown; first seen \(stamp(article.firstSeen)))"
                let flag = article.removed == nil ? "" : "  [removed]"
                lines.append((article.published?.rfc3339 ?? stamp(article.firstSeen),
                              "\(article.id)  \(when)  \(article.sourceID)  \(article.title)\(flag)"))
            }
        }
        for line in lines.sorted(by: { $0.0 > $1.0 }) { print(line.1) }
    }
}
