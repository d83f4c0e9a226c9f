import ArgumentParser
import Config
import Daemon
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

    @Option(help: ArgumentHelp("On a PostgreSQL archive with fetch workers running: how long to wait for them to file every source.",
                               valueName: "seconds"))
    var wait: Double = 900

    func run() async throws {
        let config = try options.load()
        let configFile = FinewsConfig.locate(explicit: options.config).path
        // One writer: a daemon on this configuration does the refresh and answers with its summary.
        let socket = Handoff.socketFile(stateDirectory: config.stateDirectory)
        switch HandoffClient.send(Handoff.Request(sources: sources.isEmpty ? nil : sources), socket: socket) {
        case .answered(let response):
            try report(response)
            return
        case .interrupted(let reason):
            printError("finews: \(reason); refreshing here instead")
        case .notPermitted(let reason):
            if let problem = ArchiveOwner.unreachable(config.stateDirectory, configFile: configFile) {
                throw CLIError.usage(problem)
            }
            throw CLIError.usage("cannot hand the refresh to the daemon: \(reason). "
                + ArchiveOwner.whatToRun(configFile: configFile, group: groupOf(config.stateDirectory)))
        case .noDaemon:
            break
        }
        // No daemon: refresh as the archive's owner, or not at all.
        switch ArchiveOwner.decide(stateDirectory: config.stateDirectory, configFile: configFile) {
        case .runHere: break
        case let .become(uid, gid):
            try ArchiveOwner.become(uid: uid, gid: gid)
            if standardErrorIsTerminal { printError("finews: refreshing as \(ArchiveOwner.userName(uid)), the archive's owner") }
        case .refuse(let message): throw CLIError.usage(message)
        }
        try await runHere(config)
    }

    private func groupOf(_ folder: URL) -> String? {
        var status = stat()
        guard stat(folder.path, &status) == 0 else { return nil }
        return ArchiveOwner.groupName(status.st_gid)
    }

    private func report(_ response: Handoff.Response) throws {
        switch response.status {
        case .usage: throw CLIError.usage(response.message ?? "the daemon refused the request")
        case .failed:
            printError("finews: the daemon's refresh failed: \(response.message ?? "no reason given")")
            throw ExitCode(1)
        case .ok: break
        }
        if standardErrorIsTerminal { printError("finews: refreshed by the running daemon (\(response.config))") }
        try printReport(outcomes: response.outcomes, published: response.publishedFiles.count,
                        output: URL(fileURLWithPath: response.output))
    }

    private func runHere(_ config: FinewsConfig) async throws {
        let archive = try options.openArchive(config)
        let filerLock = try (archive as? PostgresArchive).map(Self.coordination)
        if let postgres = archive as? PostgresArchive, let coordination = filerLock, try Self.workersAlive(coordination) {
            try await handToWorkers(config, archive: postgres, coordination: coordination)
            return
        }
        var refresher = Refresher(config: config, archive: archive)
        if standardErrorIsTerminal && !json {
            refresher.progress = { step in
                FileHandle.standardError.write(Data(
                    "\r\u{1B}[K[\(step.done)/\(step.total) sources, \(step.articles) articles] \(step.sourceID)".utf8))
            }
        }
        let report: RefreshReport
        do {
            report = try await WriterLock(stateDirectory: config.stateDirectory).withLock(onWait: {
                printError("finews: another refresh is writing to this archive; waiting for it to finish")
            }) { [refresher, sources] in
                // On PostgreSQL with no workers running, this process is every role, and writes as the filer.
                guard let filerLock else { return try await refresher.run(trigger: .manual, sources: sources.isEmpty ? nil : sources) }
                return try await FilerLockedRefresh.holdingFilerLock(filerLock, onWait: {
                    printError("finews: a filer is writing to this archive; waiting for the filer lock")
                }) {
                    try await refresher.run(trigger: .manual, sources: sources.isEmpty ? nil : sources)
                }
            }
        } catch let error as RefreshError {
            throw CLIError.usage(error.description)
        } catch let error as WriterLock.LockError {
            throw CLIError.usage(error.description)
        }
        if refresher.progress != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        try printReport(outcomes: report.outcomes, published: report.publishedFiles.count, output: config.output)
    }

    private func printReport(outcomes: [SourceOutcome], published: Int, output: URL) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(outcomes), as: UTF8.self))
        } else {
            printSummary(outcomes, published: published, output: output)
        }
        if outcomes.contains(where: \.hasErrors) { throw ExitCode(1) }
    }

    private func printSummary(_ outcomes: [SourceOutcome], published: Int, output: URL) {
        for outcome in outcomes {
            let errors = outcome.errors.count + (outcome.failure == nil ? 0 : 1)
            let merged = outcome.merged > 0 ? "\(outcome.merged) merged, " : ""
            let skipped = outcome.skipped > 0 ? "\(outcome.skipped) skipped, " : ""
            print("\(outcome.sourceID): \(outcome.new) new, \(outcome.updated) updated, \(outcome.unchanged) unchanged, "
                + "\(skipped)\(outcome.removed) removed, \(merged)\(errors) error\(errors == 1 ? "" : "s")")
            if let failure = outcome.failure { print("  error: \(failure)") }
            for error in outcome.errors { print("  error: \(error)") }
            for warning in outcome.warnings { print("  warning: \(warning)") }
        }
        print("feeds: \(output.path)/{feed.xml,atom.xml,feed.json} (\(published) file"
            + "\(published == 1 ? "" : "s") changed)")
    }
}
