public import Foundation
public import Store

/// How a source has fared in this daemon's refreshes; feeds the index page, backoff and metrics.
public struct SourceHealth: Sendable, Equatable {
    public var lastRun: Date?
    public var lastSuccess: Date?
    /// Runs in a row in which the whole source failed.
    public var consecutiveFailures = 0
    public var lastError: String?
    public var lastOutcome: SourceOutcome?
    /// When the source's server last asked to be called again (429/503 Retry-After).
    public var retryAfter: Date?

    public init() {}

    mutating func record(_ outcome: SourceOutcome, at now: Date) {
        lastRun = now
        lastOutcome = outcome
        retryAfter = outcome.retryAfter
        if let failure = outcome.failure {
            consecutiveFailures += 1
            lastError = failure
        } else {
            consecutiveFailures = 0
            lastSuccess = now
            lastError = outcome.errors.last
        }
    }

    mutating func recordAbort(_ reason: String, at now: Date) {
        lastRun = now
        consecutiveFailures += 1
        lastError = reason
        retryAfter = nil
    }
}
