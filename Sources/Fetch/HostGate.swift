import Foundation
import Model

/// Paces requests: at most `perHost` at a time to one host, starts to one host at least
/// `minInterval` apart, at most `total` at a time overall. A host that answered Retry-After is held
/// until then.
actor HostGate {
    private let perHost: Int
    private let total: Int
    private let minInterval: Double
    private let clock: any WallClock
    private let sleeper: any Sleeper
    private var active: [String: Int] = [:]
    private var activeTotal = 0
    private var nextStart: [String: Date] = [:]
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(perHost: Int, total: Int, minInterval: Double, clock: any WallClock, sleeper: any Sleeper) {
        self.perHost = max(1, perHost)
        self.total = max(1, total)
        self.minInterval = max(0, minInterval)
        self.clock = clock
        self.sleeper = sleeper
    }

    /// Waits for a slot and for the host's next start time; the slot is held from then on.
    func acquire(_ host: String) async {
        while active[host, default: 0] >= perHost || activeTotal >= total {
            await withCheckedContinuation { waiters.append($0) }
        }
        active[host, default: 0] += 1
        activeTotal += 1
        let now = clock.now()
        let start = max(now, nextStart[host] ?? now)
        nextStart[host] = start.addingTimeInterval(minInterval)
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
