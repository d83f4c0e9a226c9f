import Config
import Daemon
import Foundation
import TestSupport
import Testing

/// The seed script polled every 30 seconds: a source with `interval: 30s` is scheduled from the end of
/// its last run, so a slow run is never overlapped by the next one.
@Suite struct ShortIntervalTests {
    let start = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func aThirtySecondSourceIsDueThirtySecondsAfterItsRunEnds() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("short-interval-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("sources:\n  - {id: breakfast, recipe: eastmoney-column, interval: 30s}\n".utf8).write(to: file)
        let config = try FinewsConfig.load(from: file)
        #expect(config.source("breakfast")?.interval == 30)

        var schedule = SourceSchedule(jitter: 0.1)
        var random = SplitMix64(seed: 30)
        schedule.plan(config.sources, now: start)
        #expect(schedule.dueSources(at: start) == ["breakfast"])
        // A run that took 45 s, longer than the interval: the next is due 30 s (± jitter) after it ended.
        let ended = start.addingTimeInterval(45)
        schedule.completed("breakfast", failures: 0, at: ended, using: &random)
        let due = try #require(schedule.due["breakfast"])
        #expect(due >= ended.addingTimeInterval(27) && due <= ended.addingTimeInterval(33))
        #expect(schedule.dueSources(at: ended.addingTimeInterval(26)).isEmpty)
        #expect(schedule.dueSources(at: ended.addingTimeInterval(33)) == ["breakfast"])
    }
}
