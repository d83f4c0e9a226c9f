import ArgumentParser
import Foundation
import Refresh

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Ingest a JSON Lines dump of articles, in order, through the same pipeline as every source.",
        discussion: """
            Each line: {"id", "source", "url", "title", "published", "content"} (content is plain text, \
            paragraphs separated by newlines). A line that is not JSON or lacks a field is reported with its \
            number and skipped; the others are imported. Exit status 1 when any line was skipped.
            """)

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("The dump to import.", valueName: "file.jsonl"))
    var file: String

    @Option(help: ArgumentHelp("The archive source the articles are filed under.", valueName: "id"))
    var source = "import"

    func run() async throws {
        let config = try options.load()
        let archive = try options.openArchive(config)
        let url = URL(fileURLWithPath: file)
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw CLIError.usage("cannot read \(file)")
        }
        var importer = Importer(config: config, archive: archive)
        importer.sourceID = source
        if standardErrorIsTerminal {
            importer.progress = { read, total, lines in
                let percent = total > 0 ? read * 100 / total : 0
                FileHandle.standardError.write(Data("\r\u{1B}[Kimporting: \(lines) lines stored, \(percent)% read".utf8))
            }
        }
        let report = try await importer.run(file: url)
        if standardErrorIsTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let outcome = report.outcome
        print("\(source): \(report.lines) lines, \(outcome.new) new, \(outcome.updated) updated, "
            + "\(outcome.unchanged) unchanged, \(outcome.merged) merged, \(outcome.errors.count) errors")
        for error in outcome.errors { print("  error: \(error)") }
        if !outcome.errors.isEmpty { throw ExitCode(1) }
    }
}
