import ArgumentParser
import Config
import Daemon
import Foundation
import Refresh
import Store

extension RefreshCommand {
    static func coordination(_ archive: PostgresArchive) throws -> PostgresCoordination {
        do {
            return try PostgresCoordination(archive.server)
        } catch {
            throw CLIError.store(error)
        }
    }

    /// Whether fetch workers and a filer are running on this archive (their heartbeats are fresh).
    static func workersAlive(_ coordination: PostgresCoordination) throws -> Bool {
        do {
            let age = ClusterSettings().heartbeatAge
            let fetchers = try coordination.liveWorkers(role: ServeRole.fetch.rawValue, within: age)
            let filers = try coordination.liveWorkers(role: ServeRole.file.rawValue, within: age)
            return fetchers > 0 && filers > 0
        } catch {
            throw CLIError.store(error)
        }
    }

    /// Fetch workers and a filer are running on this archive: the sources are made due now, the workers
    /// fetch them, and this waits until every one has an attempt filed since (its health written) and
    /// nothing of it waits in the intake. The publishers render the feeds as the filer commits.
    func handToWorkers(_ config: FinewsConfig, archive: PostgresArchive, coordination: PostgresCoordination) async throws {
        let ids = sources.isEmpty ? config.sources.filter(\.enabled).map(\.id) : sources
        if let unknown = ids.first(where: { config.source($0) == nil }) {
            throw CLIError.usage(RefreshError.unknownSource(id: unknown, known: config.sources.map(\.id)).description)
        }
        do {
            try await waitForWorkers(ids, archive: archive, coordination: coordination)
        } catch let error as StoreError {
            throw CLIError.store(error)
        }
    }

    private func waitForWorkers(_ ids: [String], archive: PostgresArchive, coordination: PostgresCoordination) async throws {
        let since = try coordination.markDue(sources: ids)
        if standardErrorIsTerminal { printError("finews: \(ids.count) sources handed to the fetch workers") }
        let deadline = ContinuousClock.now + .seconds(wait)
        while true {
            let done = try coordination.attempted(sources: ids, since: since)
            let queued = try coordination.intakeWaiting(sources: ids)
            if done.count == ids.count && queued == 0 { break }
            if standardErrorIsTerminal && !json {
                FileHandle.standardError.write(Data("\r\u{1B}[K[\(done.count)/\(ids.count) sources filed]".utf8))
            }
            guard ContinuousClock.now < deadline else {
                if standardErrorIsTerminal && !json { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                printError("finews: \(done.count) of \(ids.count) sources filed after \(Int(wait)) s; the workers carry on")
                throw ExitCode(1)
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        if standardErrorIsTerminal && !json { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let health = try archive.sourceHealth().filter { ids.contains($0.sourceID) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(health), as: UTF8.self))
        } else {
            for source in health.sorted(by: { $0.sourceID < $1.sourceID }) {
                print("\(source.sourceID): fetched by a worker" + (source.lastError.map { ", error: \($0)" } ?? ", ok"))
            }
            print("feeds: rendered by the publishers as the filer stores them")
        }
        if health.contains(where: { $0.lastError != nil }) { throw ExitCode(1) }
    }
}
