import Config
import Daemon
import Foundation
import Store
import TestSupport
import Testing

/// The single writer: one refresh at a time, requests during a run queued into one next run.
@Suite struct CoordinatorTests {
    @Test func requestsDuringARefreshAreQueuedIntoOneNextRunNotDoubled() async throws {
        let workspace = try Workspace()
        let config = try FinewsConfig.load(from: workspace.configFile)
        let runner = GatedRefresh(logger: quietLogger)
        let archive = try Archive(path: config.database)
        let coordinator = RefreshCoordinator(config: config, archive: archive, runner: runner, clock: SystemClockForTests(),
                                             logger: quietLogger)
        let first = Task { try await coordinator.refresh(trigger: .schedule) }
        #expect(await eventually { runner.runs.count == 1 })
        let queued = (0..<3).map { _ in Task { try await coordinator.refresh(trigger: .manual) } }
        #expect(await eventually { await coordinator.queuedRequests == 3 })
        #expect(runner.runs.count == 1, "nothing starts while the first run holds the writer")
        runner.open()
        let firstReport = try await first.value
        #expect(firstReport.outcomes.first?.new == 5)
        var ids: Set<Int64> = []
        for task in queued {
            let report = try await task.value
            ids.insert(report.refreshID)
            #expect(report.outcomes.first?.unchanged == 5)
        }
        #expect(ids.count == 1, "the three queued requests shared one run")
        #expect(runner.runs.count == 2)
        #expect(runner.runs.last?.trigger == .manual)
        #expect(try archive.lastRefresh()?.id == 2)
    }

    @Test func aReloadDuringARefreshTakesEffectOnTheNextRun() async throws {
        let workspace = try Workspace()
        let config = try FinewsConfig.load(from: workspace.configFile)
        let runner = GatedRefresh(logger: quietLogger)
        let daemon = try Daemon(config: config, runner: runner, logger: quietLogger, tick: .seconds(3600))
        let running = Task { try await daemon.refresh(sources: nil, trigger: .schedule) }
        #expect(await eventually { runner.runs.count == 1 })

        try FileManager.default.createDirectory(at: workspace.folder.path("more"), withIntermediateDirectories: true)
        try workspace.folder.write("more/extra.md", "---\ntitle: 新增来源的文章\ndate: 2024-05-01 10:00:00 +0800\n---\n<p>正文</p>\n")
        let text = try String(contentsOf: workspace.configFile, encoding: .utf8)
        try (text + "\n  - id: more\n    kind: files\n    path: more\n").write(to: workspace.configFile, atomically: true, encoding: .utf8)
        #expect(await daemon.reload())
        #expect(daemon.config.sources.map(\.id) == ["seeds", "more"])

        runner.open()
        let report = try await running.value
        #expect(report.outcomes.map(\.sourceID) == ["seeds"], "the run under way keeps the configuration it started with")
        let next = try await daemon.refresh(sources: nil, trigger: .manual)
        #expect(next.outcomes.map(\.sourceID).sorted() == ["more", "seeds"])
        #expect(next.outcomes.first { $0.sourceID == "more" }?.new == 1)
    }

    @Test func anInvalidConfigurationOnReloadKeepsTheOldOne() async throws {
        let workspace = try Workspace()
        let config = try FinewsConfig.load(from: workspace.configFile)
        let daemon = try Daemon(config: config, logger: quietLogger, tick: .seconds(3600))
        let good = try String(contentsOf: workspace.configFile, encoding: .utf8)
        for broken in [good + "colour: red\n", good.replacingOccurrences(of: "path: posts", with: "path: nowhere"), "sources: [\n"] {
            try broken.write(to: workspace.configFile, atomically: true, encoding: .utf8)
            #expect(await daemon.reload() == false)
            #expect(daemon.config == config)
        }
        let report = try await daemon.refresh(sources: nil, trigger: .manual)
        #expect(report.outcomes.first?.new == 5, "the daemon still works on the old configuration")
    }

    @Test func anUnknownSourceIsRefusedBeforeAnythingRuns() async throws {
        let workspace = try Workspace()
        let config = try FinewsConfig.load(from: workspace.configFile)
        let daemon = try Daemon(config: config, logger: quietLogger, tick: .seconds(3600))
        await #expect(throws: (any Error).self) { try await daemon.refresh(sources: ["nope"], trigger: .manual) }
        #expect(await daemon.coordinator.runCount == 0)
    }
}
