import Foundation

/// When to try a failing source again: its interval doubled per consecutive failure, capped, and
/// never earlier than a server's Retry-After. A source is never dropped, only slowed down.
public struct SourceBackoff: Sendable, Equatable {
    /// The source's normal refresh interval, seconds.
    public var interval: Double
    public var cap: Double

    public init(interval: Double, cap: Double = 6 * 3600) {
        self.interval = interval
        self.cap = cap
    }

    /// The next attempt after the `consecutiveFailures`-th failure in a row ended at `failedAt`.
    /// Zero failures means the normal schedule; a source slower than the cap keeps its own interval.
    public func nextAttempt(failedAt: Date, consecutiveFailures: Int, retryAfter: Date? = nil) -> Date {
        let doublings = Double(min(max(consecutiveFailures, 0), 40))
        let wait = max(interval, min(cap, interval * pow(2, doublings)))
        let scheduled = failedAt.addingTimeInterval(wait)
        guard let retryAfter else { return scheduled }
        return max(scheduled, retryAfter)
    }
}
