import Config
import Daemon
import Foundation
import Model
import ServiceLifecycle
import TestSupport
import Testing

typealias SystemClockForTests = SystemClock

/// The scheduler loop against a clock the test moves.
@Suite struct SchedulerTests {
    @Test func sourcesAreRefreshedWhenTheirIntervalHasPassed() async throws {
        let workspace = try Workspace()
        let text = try String(contentsOf: workspace.configFile, encoding: .utf8)
        try (text + "\n    interval: 10m\n").write(to: workspace.configFile, atomically: true, encoding: .utf8)
        let config = try FinewsConfig.load(from: workspace.configFile)
        let clock = ManualClock(Date(timeIntervalSince1970: 1_700_000_000))
        let daemon = try Daemon(config: config, clock: clock, logger: quietLogger, tick: .milliseconds(5), jitter: 0)
        let services = try await daemon.services(listen: ListenAddress(host: "127.0.0.1", port: 0))
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: services, logger: quietLogger))
        let task = Task { try await group.run() }

        let start = clock.now()
        #expect(await eventually { await daemon.coordinator.runCount == 1 }, "everything is due at start")
        #expect(await eventually { daemon.schedule.due["seeds"] == start.addingTimeInterval(600) }, "next run one interval on")
        clock.advance(by: 9 * 60)
        try await Task.sleep(for: .milliseconds(100))
        #expect(await daemon.coordinator.runCount == 1, "not due before its interval")
        clock.advance(by: 61)
        #expect(await eventually { await daemon.coordinator.runCount == 2 })
        #expect(await eventually { daemon.schedule.due["seeds"] == clock.now().addingTimeInterval(600) })
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}
