import Config
import Fetch
import Foundation
import Model
import Adapters
import Store

extension Refresher {
    /// What an adapter may know before it reads: stored stamps for folders; for network sources the
    /// origins of stored items (not fetched again), the validators of the source's URL and the shared client.
    func context(for source: SourceConfig, client: HTTPClient?) throws -> SourceContext {
        var context = SourceContext(timeZone: config.timeZone, now: clock.now(),
                                    storedStamps: try archive.originStamps(source: source.id))
        guard source.kind.isNetwork else { return context }
        let stored = try archive.storedOrigins(source: source.id)
        context.storedOrigins = stored.origins
        context.holdsItems = stored.articles > 0
        context.dueRechecks = try archive.dueRechecks(source: source.id, schedule: config.recheck, at: context.now)
        context.validators = try archive.httpValidators(for: source.url.map { [$0] } ?? [])
        context.client = client
        return context
    }

    /// Health after each attempt, and the source URL's validators once its items are stored cleanly:
    /// a validator kept after a failed item would turn the retry of that item into a 304.
    func recordHealth(_ outcome: SourceOutcome, exchange: HTTPExchange?, clean: Bool,
                      in transaction: any ArchiveTransaction) throws {
        guard let source = config.source(outcome.sourceID) else { return }
        let now = clock.now()
        let attempt = SourceAttempt(sourceID: source.id, at: now, httpStatus: exchange?.status, error: outcome.failure)
        try transaction.recordAttempt(attempt) { failures in
            SourceBackoff(interval: source.interval)
                .nextAttempt(after: now, consecutiveFailures: failures, retryAfter: exchange?.retryAfter)
        }
        if let exchange, outcome.failure == nil, clean, let status = exchange.status, (200..<300).contains(status) {
            try transaction.storeHTTPValidators(exchange.validators, for: exchange.url, at: now)
        }
    }
}
