import ArgumentParser
import Foundation
import Model
import Store

struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Search titles and bodies of the current articles.",
        discussion: """
            Words are ANDed; "…" is a phrase, -word excludes, source:ID and outlet:NAME filter. Chinese is \
            matched by character pairs, in either script: 银行 finds 銀行.
            """)

    @OptionGroup var options: ConfigOptions

    /// `-word` is part of the query, not an option, so unrecognised dashes are kept (`--typo` is refused).
    @Argument(parsing: .allUnrecognized, help: "The query: words, \"phrases\", -excluded, source:ID, outlet:NAME.")
    var query: [String]

    @Option(help: ArgumentHelp("Only this source's articles (like source:ID).", valueName: "id"))
    var source: String?

    @Option(help: ArgumentHelp("Only articles at or after TIME: RFC 3339, a date, or an age such as 6h, 2d.",
                               valueName: "time"))
    var since: String?

    @Option(help: "At most this many results (1-500).")
    var limit = 20

    @Flag(help: "Print JSON Lines: one object per result.")
    var json = false

    struct Line: Encodable {
        var id: String
        var source: String
        var title: String
        var link: String?
        var outlet: String?
        var published: String?
        var score: Double
        var snippet: String
        var story: String
    }

    func run() async throws {
        if let option = query.first(where: { $0.hasPrefix("--") }) {
            throw CLIError.usage("search: unknown option '\(option)' (see finews search --help)")
        }
        guard !query.isEmpty else { throw CLIError.usage("search: give a query, such as finews search 银行 利率") }
        guard (1...500).contains(limit) else { throw CLIError.usage("--limit: must be between 1 and 500, not \(limit)") }
        let config = try options.load()
        var parsed: SearchQuery
        do {
            parsed = try SearchQuery(parsing: query.joined(separator: " "))
        } catch {
            throw CLIError.usage("search: \(error)")
        }
        if let source { parsed.sources.append(source) }
        let start = try since.map { text throws -> Date in
            guard let date = ChangesCommand.parseSince(text, now: Date(), zone: config.timeZone) else {
                throw CLIError.usage("--since: cannot read '\(text)' as a time (try 2021-12-23, 2021-12-23T13:00:00+08:00 or 6h)")
            }
            return date
        }
        let archive = try options.openArchive(config)
        let hits: [SearchHit]
        do {
            hits = try archive.search(parsed, since: start, limit: limit)
        } catch {
            throw CLIError.store(error)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for hit in hits {
            let article = hit.article
            let when = (article.published ?? ZonedDate(date: article.firstSeen, timeZone: config.timeZone)).rfc3339
            if json {
                let line = Line(id: article.id, source: article.sourceID, title: article.title, link: article.link,
                                outlet: article.outlet, published: article.published?.rfc3339, score: hit.score,
                                snippet: hit.snippet.map(\.text).joined(), story: article.storyID ?? article.id)
                print(String(decoding: try encoder.encode(line), as: UTF8.self))
            } else {
                print("\(article.id)  \(when)  \(article.outlet ?? article.sourceID)  \(article.title)")
                print("    " + hit.snippet.map { $0.isMatch ? "[\($0.text)]" : $0.text }.joined())
            }
        }
        if hits.isEmpty && !json { printError("no results") }
    }
}
