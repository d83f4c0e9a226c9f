import Config
import Daemon
import Foundation
import Testing

/// A seeded generator so jitter is reproducible (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

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
        var random = SeededGenerator(state: 7)
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
        #expect(SourceSchedule.backoff(interval: 900, failures: 0, maximum: 21_600) == 900)
        #expect(SourceSchedule.backoff(interval: 900, failures: 1, maximum: 21_600) == 1_800)
        #expect(SourceSchedule.backoff(interval: 900, failures: 3, maximum: 21_600) == 7_200)
        #expect(SourceSchedule.backoff(interval: 900, failures: 10, maximum: 21_600) == 21_600)
        // A source slower than the cap keeps its own interval.
        #expect(SourceSchedule.backoff(interval: 86_400, failures: 2, maximum: 21_600) == 86_400)
    }

    @Test func aReloadDropsRemovedSourcesAndShortensLongWaits() {
        var schedule = SourceSchedule(jitter: 0)
        var random = SeededGenerator(state: 1)
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
