import ArgumentParser
import Config
import Foundation
import Model
import Refresh
import Store

struct TryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "try",
        abstract: "Fetch a source once and print what a refresh would store, writing nothing.",
        discussion: """
            finews try SOURCE_ID          a configured source
            finews try --recipe NAME [--set column=1207]
            finews try URL --kind json|feed|html
            Prints the first items' title, time, link, outlet and body length. Exit status: 0 when the source \
            was read cleanly, 1 when it failed or an item had errors (the same errors as a refresh), 2 for \
            usage and configuration errors.
            """)

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("A configured source's id, or a URL with --kind.", valueName: "source-or-url"))
    var target: String?

    @Option(help: ArgumentHelp("Try a built-in recipe (see `finews recipes`).", valueName: "name"))
    var recipe: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("A recipe parameter or source key, KEY=VALUE (repeatable).",
                                                         valueName: "key=value"))
    var settings: [String] = []

    @Option(help: ArgumentHelp("The kind of the URL: feed, json or html.", valueName: "kind"))
    var kind: String?

    @Option(help: "How many items to print.")
    var limit = 10

    @Flag(help: "Print JSON Lines: one object per item, then one for the source's errors.")
    var json = false

    struct ItemLine: Encodable {
        var title: String
        var published: String?
        var link: String?
        var outlet: String?
        var body_length: Int
    }

    struct ErrorLine: Encodable {
        var source: String
        var items: Int
        var failure: String?
        var errors: [String]
        var warnings: [String]
    }

    func run() async throws {
        let config = try settingsConfig()
        let source = try chosenSource(config)
        let (batch, warnings) = await SourcePreview.read(source, config: config)
        // Newest first; items without a time keep the site's order, after the dated ones.
        let drafts = batch.articles.enumerated().sorted { a, b in
            let (left, right) = (a.element.published?.date ?? .distantPast, b.element.published?.date ?? .distantPast)
            return left != right ? left > right : a.offset < b.offset
        }.map(\.element)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for draft in drafts.prefix(max(0, limit)) {
            let line = ItemLine(title: draft.title, published: draft.published?.rfc3339, link: draft.link,
                                outlet: draft.outlet, body_length: draft.contentText.count)
            if json {
                print(String(decoding: try encoder.encode(line), as: UTF8.self))
            } else {
                print(line.title)
                print("  \(line.published ?? "no time")  \(line.outlet ?? "no outlet")  \(line.body_length) characters")
                print("  \(line.link ?? "no link")")
            }
        }
        if json {
            let summary = ErrorLine(source: source.id, items: batch.articles.count, failure: batch.failure, errors: batch.errors,
                                    warnings: warnings)
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            if let failure = batch.failure { printError("finews: source \(source.id) failed: \(failure)") }
            for error in batch.errors { printError("finews: source \(source.id): \(error)") }
            for warning in warnings { printError("finews: source \(source.id): warning: \(warning)") }
            if batch.failure == nil { printError("\(batch.articles.count) item(s) from \(source.id); nothing was written") }
        }
        if batch.failure != nil || !batch.errors.isEmpty { throw ExitCode(1) }
    }

    /// The configuration when there is one (its `http:` and zone apply); a recipe or URL needs none.
    private func settingsConfig() throws -> FinewsConfig {
        let file = FinewsConfig.locate(explicit: options.config)
        if options.config != nil || FileManager.default.fileExists(atPath: file.path) || (recipe == nil && kind == nil) {
            return try options.load()
        }
        return FinewsConfig(file: file, database: URL(fileURLWithPath: "/nonexistent"),
                            output: URL(fileURLWithPath: "/nonexistent"), sources: [])
    }

    private func chosenSource(_ config: FinewsConfig) throws -> SourceConfig {
        var entry: [String] = []
        for setting in settings {
            guard let equals = setting.firstIndex(of: "="), equals != setting.startIndex else {
                throw CLIError.usage("--set takes KEY=VALUE, not '\(setting)'")
            }
            entry.append("\(setting[..<equals]): \(Self.quoted(String(setting[setting.index(after: equals)...])))")
        }
        let yaml: String
        switch (target, recipe, kind) {
        case let (id?, nil, nil):
            guard settings.isEmpty else { throw CLIError.usage("--set goes with --recipe or a URL") }
            guard let source = config.source(id) else {
                throw CLIError.usage("no source '\(id)' in \(config.file.path) (configured: "
                                     + config.sources.map(\.id).joined(separator: ", ") + ")")
            }
            return source
        case let (nil, name?, nil):
            yaml = "{" + (["id: try", "recipe: \(Self.quoted(name))"] + entry).joined(separator: ", ") + "}"
        case let (url?, nil, kind?):
            yaml = "{" + (["id: try", "kind: \(Self.quoted(kind))", "url: \(Self.quoted(url))"] + entry).joined(separator: ", ") + "}"
        default:
            throw CLIError.usage("give a source id, --recipe NAME, or a URL with --kind")
        }
        do {
            return try SourceConfig.parse(entry: yaml, label: "the command line", folder: config.file.deletingLastPathComponent())
        } catch {
            throw CLIError.config(error)
        }
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
