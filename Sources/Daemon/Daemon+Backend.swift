import Config
import Foundation
import Model
import Pages
import Publish
import Refresh
public import Server
import Store

extension Daemon: FeedBackend {
    public func outputPath() -> String { currentOutputPath }

    public func publishGeneration() -> Int { generation.load(ordering: .acquiring) }

    public func refreshToken() -> String? { config.server.refreshToken }

    public func health() async -> HealthReport {
        let database = config.database
        let writable: Bool
        if config.databaseIsPostgres {
            // The server decides what may be written; that the archive answers is what can be checked here.
            do {
                _ = try archive.lastRefresh()
                writable = true
            } catch {
                writable = false
            }
        } else {
            let folder = database.deletingLastPathComponent().path
            // SQLite in WAL mode writes beside the database (-wal, -shm), so the folder must be writable too.
            writable = access(folder, W_OK) == 0
                && (access(database.path, W_OK) == 0 || !FileManager.default.fileExists(atPath: database.path))
        }
        // A node that only serves has run no refresh: the archive's last one is what its feeds show.
        let finished = servesOnly ? (try? archive.lastRefresh())?.finished : await coordinator.lastFinished
        let failure = await coordinator.lastFailure
        let name = archive.location
        var lines = [writable ? "archive: writable (\(name))" : "archive: NOT writable (\(name))"]
        switch (finished, failure) {
        case (_, let failure?): lines.append("last refresh: failed: \(failure)")
        case (nil, nil): lines.append("last refresh: none finished yet")
        case (let date?, nil): lines.append("last refresh: finished \(ZonedDate(date: date, timeZone: config.timeZone).rfc3339)")
        }
        let healthy = writable && finished != nil && failure == nil
        return HealthReport(healthy: healthy, detail: (healthy ? "ok\n" : "unhealthy\n") + lines.joined(separator: "\n") + "\n")
    }

    public func metrics() async -> String {
        metrics.text()
    }

    public func summary() async -> SiteSummary {
        let config = self.config, archive = self.archive, schedule = self.schedule
        let health = await coordinator.health
        let running = await coordinator.running
        let zone = config.timeZone
        func stamp(_ date: Date?) -> String? { date.map { ZonedDate(date: $0, timeZone: zone).rfc3339 } }
        var feeds = [SiteSummary.Feed(title: "All articles", folder: "")]
        for category in (try? archive.categories()) ?? [] {
            feeds.append(.init(title: "Category: \(category.name)", folder: "categories/\(category.slug)/"))
        }
        for feed in config.keywordFeeds {
            feeds.append(.init(title: "Keyword feed: \(feed.title)", folder: feed.folder))
        }
        let published = Set((try? archive.sourceIDs()) ?? [])
        var sources: [SiteSummary.Source] = []
        for source in config.sources {
            if published.contains(source.id) {
                feeds.append(.init(title: "Source: \(source.title ?? source.id)", folder: "sources/\(source.id)/"))
            }
            let record = health[source.id]
            let state = !source.enabled ? "disabled" : record == nil ? "waiting"
                : (record!.consecutiveFailures > 0 ? "failing" : "ok")
            let counts = record?.lastOutcome.map {
                "\($0.new) new, \($0.updated) updated, \($0.unchanged) unchanged, \($0.removed) removed, "
                    + ($0.skipped > 0 ? "\($0.skipped) skipped, " : "")
                    + "\($0.errors.count + ($0.failure == nil ? 0 : 1)) errors"
            }
            sources.append(.init(id: source.id, title: source.title ?? source.id, state: state,
                                 lastRefresh: stamp(record?.lastRun), nextRefresh: source.enabled ? stamp(schedule.due[source.id]) : nil,
                                 lastCounts: counts, lastError: record?.lastError))
        }
        let last = await coordinator.lastFinished
        var lastText = stamp(last)
        if let running { lastText = (lastText ?? "none yet") + " (a \(running.trigger.rawValue) refresh is running)" }
        return SiteSummary(title: config.feed.title, description: config.feed.description, feeds: feeds,
                           sources: sources, lastRefresh: lastText)
    }

    public func refresh() async -> RefreshAnswer {
        let response = await handle(Handoff.Request(sources: nil))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return RefreshAnswer(succeeded: response.status == .ok, json: (try? encoder.encode(response)) ?? Data())
    }

    /// A refresh asked for over the control socket (or `POST /refresh`), answered with its summary.
    public func handle(_ request: Handoff.Request) async -> Handoff.Response {
        let config = self.config
        if servesOnly {
            return Handoff.Response(status: .failed, output: config.output.path,
                                    message: "this process only serves (--role web); run `finews refresh`, which hands the sources to the fetch workers",
                                    config: config.file.path)
        }
        do {
            let report = try await refresh(sources: request.sources, trigger: .manual)
            return Handoff.Response(status: .ok, outcomes: report.outcomes, publishedFiles: report.publishedFiles,
                                    output: config.output.path, config: config.file.path)
        } catch let error as RefreshError {
            return Handoff.Response(status: .usage, output: config.output.path, message: error.description,
                                    config: config.file.path)
        } catch {
            return Handoff.Response(status: .failed, output: config.output.path, message: "\(error)", config: config.file.path)
        }
    }
}

extension Daemon {
    /// The pages are rendered from the archive of the moment, with the feed settings of the moment.
    public func page(path: String, query: String?) async -> PageAnswer? {
        let (config, archive) = state.withLock { ($0.config, $0.archive) }
        let site = Site(archive: archive, publisher: Publisher(archive: archive, config: config), title: config.feed.title,
                        description: config.feed.description, language: config.feed.language,
                        timeZone: config.timeZone, baseURL: config.feed.baseURL)
        return await site.answer(path: path, query: query) { await self.summary() }
    }
}
