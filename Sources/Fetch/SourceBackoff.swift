import Foundation

/// When a source is due again — the one rule both the daemon's scheduler and `finews sources` use: its
/// interval after a success; after failures the interval doubled per consecutive failure, capped; and
/// never earlier than a server's Retry-After. A source is never dropped, only slowed down.
public struct SourceBackoff: Sendable, Equatable {
    /// The longest backoff: 6 h (README, "sources").
    public static let defaultCap: TimeInterval = 6 * 3600

    /// The source's normal refresh interval, seconds.
    public var interval: Double
    /// A failing source waits no longer than this, unless its own interval is longer.
    public var cap: Double
    /// The furthest a Retry-After is honoured (a day: a long maintenance window), unless the source's own
    /// interval is longer, so a server cannot park a source for good.
    public var retryAfterCap: Double

    public init(interval: Double, cap: Double = SourceBackoff.defaultCap, retryAfterCap: Double = 86400) {
        self.interval = interval
        self.cap = cap
        self.retryAfterCap = retryAfterCap
    }

    /// The wait after the `consecutiveFailures`-th failure in a row; zero failures: the interval.
    public func wait(consecutiveFailures: Int) -> TimeInterval {
        guard consecutiveFailures > 0 else { return interval }
        let doublings = Double(min(consecutiveFailures, 40))
        return max(interval, min(cap, interval * pow(2, doublings)))
    }

    /// The next attempt after an attempt that ended at `endedAt`. `spread` stretches the wait by that
    /// fraction (the scheduler's jitter); Retry-After (RFC 9110 §10.2.3) is honoured up to `retryAfterCap`.
    public func nextAttempt(after endedAt: Date, consecutiveFailures: Int, retryAfter: Date? = nil,
                            spread: Double = 0) -> Date {
        let scheduled = endedAt.addingTimeInterval(wait(consecutiveFailures: consecutiveFailures) * (1 + spread))
        guard let retryAfter else { return scheduled }
        let honoured = min(retryAfter, endedAt.addingTimeInterval(max(retryAfterCap, interval)))
        return max(scheduled, honoured)
    }

    /// `nextAttempt(after:…)` for a failure.
    public func nextAttempt(failedAt: Date, consecutiveFailures: Int, retryAfter: Date? = nil) -> Date {
        nextAttempt(after: failedAt, consecutiveFailures: consecutiveFailures, retryAfter: retryAfter)
    }
}
