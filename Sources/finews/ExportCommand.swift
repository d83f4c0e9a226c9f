import ArgumentParser
import Config
import Foundation
import Model
import Publish

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the archive's articles as Jekyll or Hexo posts, one file per article.",
        discussion: """
            Jekyll: DIR/_posts/YYYY-MM-DD-<item id>.md with layout, title, date, categories (the pinyin of the \
            outlet) and tags (<outlet>新闻), the sanitized HTML body and the article's link. Hexo: \
            DIR/source/_posts/… with categories as a list, author, headimg and thumbnail. Only new and changed \
            posts are written. An `export:` section in the configuration does this after every refresh.
            """)

    @OptionGroup var options: ConfigOptions

    @Argument(help: "jekyll or hexo.")
    var style: String

    @Argument(help: ArgumentHelp("The site's folder.", valueName: "dir"))
    var folder: String

    @Option(help: ArgumentHelp("Only articles published since: 2025-06-03, 2025-06-03 09:30, or an age such as 7d.",
                               valueName: "time"))
    var since: String?

    @Option(name: .customLong("source"), help: ArgumentHelp("Only this source (repeatable).", valueName: "id"))
    var sources: [String] = []

    @Option(help: ArgumentHelp("The site's address for the [返回…] line under each Jekyll post.", valueName: "url"))
    var siteURL: String?

    func run() async throws {
        guard let parsedStyle = ExportTarget.Style(rawValue: style) else {
            throw CLIError.usage("unknown style '\(style)' (expected jekyll or hexo)")
        }
        let config = try options.load()
        for id in sources where config.source(id) == nil {
            throw CLIError.usage("no source '\(id)' in \(config.file.path)")
        }
        let now = Date()
        var cutoff: Date?
        if let since {
            if let age = Self.age(since) {
                cutoff = now.addingTimeInterval(-age)
            } else if let date = ZonedDate.parse(since, defaultZone: config.timeZone) {
                cutoff = date.date
            } else {
                throw CLIError.usage("--since '\(since)' is neither a time (2025-06-03 09:30) nor an age (7d)")
            }
        }
        let archive = try options.openArchive(config)
        let target = ExportTarget(style: parsedStyle, folder: URL(fileURLWithPath: folder).standardizedFileURL,
                                  sources: sources.isEmpty ? nil : sources, siteURL: siteURL)
        let summary = try PostExporter(target: target, timeZone: config.timeZone).export(archive, since: cutoff, now: now)
        printError("finews: \(summary.written) post(s) written, \(summary.unchanged) unchanged in \(target.folder.path)")
    }

    static func age(_ text: String) -> TimeInterval? {
        let units: [Character: Double] = ["m": 60, "h": 3600, "d": 86400, "w": 7 * 86400]
        guard let unit = text.last, let factor = units[unit], let value = Double(text.dropLast()), value >= 0 else { return nil }
        return value * factor
    }
}
