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
    func healthWrites(_ outcome: SourceOutcome, exchange: HTTPExchange?, clean: Bool) -> [IntakeWrite] {
        guard let source = config.source(outcome.sourceID) else { return [] }
        let now = clock.now()
        let attempt = SourceAttempt(sourceID: source.id, at: now, httpStatus: exchange?.status, error: outcome.failure)
        var writes: [IntakeWrite] = [.attempt(attempt, interval: source.interval, retryAfter: exchange?.retryAfter)]
        if let exchange, outcome.failure == nil, clean, let status = exchange.status, (200..<300).contains(status) {
            writes.append(.validators(exchange.validators, url: exchange.url, at: now))
        }
        return writes
    }
}

extension IntakeWrite {
    /// Runs the write in the writer's transaction: the same calls whether it was made in this process or
    /// read back from the PostgreSQL intake. Returns the outcome of a batch.
    @discardableResult
    public func run(in transaction: any ArchiveTransaction, refreshID: Int64, at now: Date) throws -> SourceOutcome? {
        switch self {
        case .batch(let batch):
            return try transaction.apply(batch, refreshID: refreshID, at: now)
        case let .attempt(attempt, interval, retryAfter):
            try transaction.recordAttempt(attempt) { failures in
                SourceBackoff(interval: interval)
                    .nextAttempt(after: attempt.at, consecutiveFailures: failures, retryAfter: retryAfter)
            }
        case let .validators(validators, url, at):
            try transaction.storeHTTPValidators(validators, for: url, at: at)
        }
        return nil
    }
}
