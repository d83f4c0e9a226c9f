import Config
import Daemon
import Fetch
import Foundation
import TestSupport
import Testing

@Suite struct SourceScheduleTests {
    let start = Date(timeIntervalSince1970: 1_700_000_000)

    func source(_ id: String, every interval: TimeInterval, enabled: Bool = true) -> SourceConfig {
        var source = SourceConfig(id: id, kind: .files, path: URL(fileURLWithPath: "/tmp"))
        source.interval = interval
        source.enabled = enabled
        return source
    }

    @Test func newSourcesAreDueAtOnceAndDisabledOnesNever() {
        var schedule = SourceSchedule()
        schedule.plan([source("a", every: 900), source("b", every: 60, enabled: false)], now: start)
        #expect(schedule.dueSources(at: start) == ["a"])
        #expect(schedule.due["b"] == nil)
    }

    @Test func nextRunIsTheIntervalWithinTheJitter() {
        var schedule = SourceSchedule(jitter: 0.1)
        var random = SplitMix64(seed: 7)
        schedule.plan([source("a", every: 900)], now: start)
        var seen: Set<TimeInterval> = []
        for _ in 0..<50 {
            schedule.completed("a", failures: 0, at: start, using: &random)
            let delay = schedule.due["a"]!.timeIntervalSince(start)
            #expect((810...990).contains(delay))
            seen.insert(delay)
        }
        #expect(seen.count > 40, "jitter spreads the runs")
        #expect(schedule.dueSources(at: start.addingTimeInterval(800)).isEmpty)
        #expect(schedule.dueSources(at: start.addingTimeInterval(991)) == ["a"])
    }

    @Test func failingSourcesBackOffUpToTheCap() {
        var schedule = SourceSchedule(jitter: 0)
        var random = SplitMix64(seed: 3)
        schedule.plan([source("a", every: 900), source("slow", every: 86_400)], now: start)
        for (failures, wait) in [(0, 900.0), (1, 1_800), (3, 7_200), (10, 21_600)] {
            schedule.completed("a", failures: failures, at: start, using: &random)
            #expect(schedule.due["a"] == start.addingTimeInterval(wait), "\(failures) failures")
        }
        // A source slower than the cap keeps its own interval.
        schedule.completed("slow", failures: 2, at: start, using: &random)
        #expect(schedule.due["slow"] == start.addingTimeInterval(86_400))
    }

    /// The scheduler and `finews sources` share one rule: whatever the backoff, the daemon's next run is
    /// exactly `SourceBackoff`'s answer (without jitter).
    @Test func theScheduleFollowsTheOneBackoffRule() {
        var schedule = SourceSchedule(jitter: 0)
        var random = SplitMix64(seed: 5)
        schedule.plan([source("a", every: 600)], now: start)
        let rule = SourceBackoff(interval: 600)
        for failures in 0...12 {
            for retryAfter in [nil, start.addingTimeInterval(30), start.addingTimeInterval(3_600), start.addingTimeInterval(1e9)] {
                schedule.completed("a", failures: failures, retryAfter: retryAfter, at: start, using: &random)
                #expect(schedule.due["a"] == rule.nextAttempt(after: start, consecutiveFailures: failures, retryAfter: retryAfter))
            }
        }
    }

    /// A 429 asking for an hour is retried after that hour, not at the doubled interval; a Retry-After
    /// years away is held to a day, so the source is never parked for good.
    @Test func retryAfterIsHonouredUpToTheCap() {
        var schedule = SourceSchedule(jitter: 0.1)
        var random = SplitMix64(seed: 9)
        schedule.plan([source("a", every: 900)], now: start)
        schedule.completed("a", failures: 1, retryAfter: start.addingTimeInterval(3_600), at: start, using: &random)
        #expect(schedule.due["a"]! >= start.addingTimeInterval(3_600))
        #expect(schedule.dueSources(at: start.addingTimeInterval(2_000)).isEmpty)
        schedule.completed("a", failures: 1, retryAfter: start.addingTimeInterval(10 * 365 * 86_400), at: start, using: &random)
        #expect(schedule.due["a"] == start.addingTimeInterval(86_400))
    }

    @Test func aReloadDropsRemovedSourcesAndShortensLongWaits() {
        var schedule = SourceSchedule(jitter: 0)
        var random = SplitMix64(seed: 1)
        schedule.plan([source("a", every: 3600), source("b", every: 3600)], now: start)
        schedule.completed("a", failures: 0, at: start, using: &random)
        schedule.completed("b", failures: 0, at: start, using: &random)
        let later = start.addingTimeInterval(60)
        schedule.plan([source("a", every: 300), source("c", every: 60)], now: later)
        #expect(schedule.due["b"] == nil)
        #expect(schedule.due["a"] == later.addingTimeInterval(300))
        #expect(schedule.dueSources(at: later) == ["c"])
    }
}
