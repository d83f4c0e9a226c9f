import ArgumentParser
import Foundation
import Logging
import Refresh
import Store

struct RefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Refresh the sources once, store what changed and publish the feeds.",
        discussion: "Exit status: 0 when every source was read cleanly, 1 when a source had errors, 2 for usage and configuration errors.")

    @OptionGroup var options: ConfigOptions

    @Option(name: .customLong("source"), help: ArgumentHelp("Refresh only this source (repeatable).", valueName: "id"))
    var sources: [String] = []

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func run() async throws {
        let config = try options.load()
        let archive = try options.openArchive(config)
        var refresher = Refresher(config: config, archive: archive)
        if standardErrorIsTerminal && !json {
            refresher.progress = { step in
                FileHandle.standardError.write(Data("\r\u{1B}[K[\(step.done)/\(step.total)] \(step.sourceID)".utf8))
            }
        }
        let report: RefreshReport
        do {
            report = try await refresher.run(trigger: .manual, sources: sources.isEmpty ? nil : sources)
        } catch let error as RefreshError {
            throw CLIError.usage(error.description)
        }
        if refresher.progress != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report.outcomes), as: UTF8.self))
        } else {
            printSummary(report, output: config.output)
        }
        if report.hasErrors { throw ExitCode(1) }
    }

    private func printSummary(_ report: RefreshReport, output: URL) {
        for outcome in report.outcomes {
            let errors = outcome.errors.count + (outcome.failure == nil ? 0 : 1)
            let merged = outcome.merged > 0 ? "\(outcome.merged) merged, " : ""
            print("\(outcome.sourceID): \(outcome.new) new, \(outcome.updated) updated, \(outcome.unchanged) unchanged, "
                + "\(outcome.removed) removed, \(merged)\(errors) error\(errors == 1 ? "" : "s")")
            if let failure = outcome.failure { print("  error: \(failure)") }
            for error in outcome.errors { print("  error: \(error)") }
        }
        print("feeds: \(output.path)/{feed.xml,atom.xml,feed.json} (\(report.publishedFiles.count) file"
            + "\(report.publishedFiles.count == 1 ? "" : "s") changed)")
    }
}
