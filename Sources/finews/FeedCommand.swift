import ArgumentParser
import Foundation
import Publish
import Store

extension Publisher.Format: ExpressibleByArgument {}

struct FeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed", abstract: "Write a feed to standard output, rendered from the archive.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "rss, atom or json.")
    var format: Publisher.Format = .atom

    @Option(help: ArgumentHelp("Only this category's articles.", valueName: "slug"))
    var category: String?

    @Option(help: ArgumentHelp("Only this source's articles.", valueName: "id"))
    var source: String?

    func validate() throws {
        if category != nil && source != nil { throw ValidationError("give --category or --source, not both") }
    }

    func run() async throws {
        let config = try options.load()
        let archive = try options.openArchive(config)
        let publisher = Publisher(archive: archive, config: config)
        let scope: FeedScope = category.map { .category($0) } ?? source.map { .source($0) } ?? .all
        if case .category(let slug) = scope, try !archive.categories().contains(where: { $0.slug == slug }) {
            throw CLIError.usage("no category '\(slug)' in the archive (try: finews articles --json)")
        }
        let fallback = try archive.latestChanges(limit: 1).first?.at ?? Date(timeIntervalSince1970: 0)
        FileHandle.standardOutput.write(publisher.render(try publisher.feedView(scope, fallbackUpdated: fallback), format))
    }
}
