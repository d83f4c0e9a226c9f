public import Config
import Fetch
public import Foundation

/// When each source is next due, by `SourceBackoff`'s rule (interval, backoff while it fails, Retry-After),
/// with jitter so that sources sharing an interval do not all fire in the same second. Pure: times in,
/// times out.
public struct SourceSchedule: Sendable {
    /// ± this fraction of the interval.
    public var jitter: Double
    /// A failing source waits interval × 2^failures, never longer than this (unless its interval is).
    public var maximumBackoff: TimeInterval
    public private(set) var due: [String: Date] = [:]
    private var intervals: [String: TimeInterval] = [:]

    public init(jitter: Double = 0.1, maximumBackoff: TimeInterval = SourceBackoff.defaultCap) {
        self.jitter = jitter
        self.maximumBackoff = maximumBackoff
    }

    /// Takes in a (re)loaded configuration: new sources are due at once, removed and disabled ones are
    /// dropped, and a source whose interval shrank is not left waiting on its old, longer one.
    public mutating func plan(_ sources: [SourceConfig], now: Date) {
        let enabled = sources.filter(\.enabled)
        let ids = Set(enabled.map(\.id))
        due = due.filter { ids.contains($0.key) }
        for source in enabled {
            if let next = due[source.id] {
                due[source.id] = min(next, now.addingTimeInterval(source.interval))
            } else {
                due[source.id] = now
            }
            intervals[source.id] = source.interval
        }
        intervals = intervals.filter { ids.contains($0.key) }
    }

    public func dueSources(at now: Date) -> [String] {
        due.filter { $0.value <= now }.map(\.key).sorted()
    }

    public var nextDue: Date? { due.values.min() }

    /// `failures` is the source's consecutive failures including this run (0 after a success);
    /// `retryAfter` is when its server asked to be called again, if it did.
    public mutating func completed(_ id: String, failures: Int, retryAfter: Date? = nil, at now: Date,
                                   using random: inout some RandomNumberGenerator) {
        guard let interval = intervals[id] else { return }
        let spread = jitter > 0 ? Double.random(in: -jitter...jitter, using: &random) : 0
        due[id] = SourceBackoff(interval: interval, cap: maximumBackoff)
            .nextAttempt(after: now, consecutiveFailures: failures, retryAfter: retryAfter, spread: spread)
    }
}
