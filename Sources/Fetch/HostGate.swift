import Foundation
import Model

/// Paces requests: at most `pacing.concurrency` at a time to one host, starts to one host at least
/// `pacing.minInterval` apart, at most `total` at a time overall. A host that answered Retry-After is
/// held until then.
actor HostGate {
    private let total: Int
    private let clock: any WallClock
    private let sleeper: any Sleeper
    private var active: [String: Int] = [:]
    private var activeTotal = 0
    private var nextStart: [String: Date] = [:]
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(total: Int, clock: any WallClock, sleeper: any Sleeper) {
        self.total = max(1, total)
        self.clock = clock
        self.sleeper = sleeper
    }

    /// Waits for a slot and for the host's next start time; the slot is held from then on. `pacing` is
    /// the host's own (the same for every request to it).
    func acquire(_ host: String, pacing: HostPacing) async {
        let perHost = max(1, pacing.concurrency)
        while active[host, default: 0] >= perHost || activeTotal >= total {
            await withCheckedContinuation { waiters.append($0) }
        }
        active[host, default: 0] += 1
        activeTotal += 1
        let now = clock.now()
        let start = max(now, nextStart[host] ?? now)
        nextStart[host] = start.addingTimeInterval(max(0, pacing.minInterval))
        let wait = start.timeIntervalSince(now)
        if wait > 0 { await sleeper.sleep(seconds: wait) }
    }

    func release(_ host: String) {
        active[host, default: 1] -= 1
        activeTotal -= 1
        let woken = waiters
        waiters.removeAll()
        for waiter in woken { waiter.resume() }
    }

    /// Retry-After: nothing starts to this host before `date`.
    func hold(_ host: String, until date: Date) {
        nextStart[host] = max(nextStart[host] ?? date, date)
    }
}
