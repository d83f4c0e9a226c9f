import Foundation
public import Model

/// Fetches URLs with libcurl: many transfers at once on one curl thread, paced per host, retried
/// with backoff. One client serves a whole refresh; share it.
public final class HTTPClient: Sendable {
    public let policy: FetchPolicy
    private let engine: CurlEngine
    private let gate: HostGate
    private let clock: any WallClock
    private let sleeper: any Sleeper
    private let random: @Sendable () -> Double

    /// `clock`, `sleeper` and `random` (0..<1, for jitter) are injected so tests of retries and
    /// pacing are deterministic and fast.
    public init(policy: FetchPolicy = FetchPolicy(), clock: any WallClock = SystemClock(),
                sleeper: any Sleeper = TaskSleeper(),
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.policy = policy
        self.clock = clock
        self.sleeper = sleeper
        self.random = random
        // The gate enforces each host's own limit; libcurl's connection cap only has to allow the largest.
        let widestHost = policy.hosts.values.map(\.concurrency).reduce(policy.perHostConcurrency, max)
        engine = CurlEngine(maxConnectionsPerHost: max(1, widestHost),
                            maxTotalConnections: max(1, policy.maxConcurrentTransfers))
        gate = HostGate(total: policy.maxConcurrentTransfers, clock: clock, sleeper: sleeper)
    }

    public func fetch(_ request: FetchRequest) async -> Result<FetchResponse, FetchError> {
        guard let (name, port) = HostPacing.endpoint(of: request.url) else { return .failure(.invalidURL(request.url)) }
        let host = HostPacing.key(host: name, port: port)
        let pacing = policy.pacing(host: name, port: port)
        var attempt = 1
        while true {
            await gate.acquire(host, pacing: pacing)
            let outcome = await engine.perform(url: request.url, headers: headerLines(request), body: request.body,
                                                policy: policy)
            await gate.release(host)
            let verdict = AttemptVerdict(outcome, request: request, policy: policy, attempt: attempt,
                                         now: clock.now())
            switch verdict {
            case let .done(result):
                return result
            case let .retry(error, retryAfter):
                guard attempt < policy.retry.maxAttempts, !Task.isCancelled,
                      let delay = retryDelay(beforeAttempt: attempt + 1, retryAfter: retryAfter) else {
                    return .failure(error)
                }
                if let retryAfter { await gate.hold(host, until: retryAfter) }
                await sleeper.sleep(seconds: delay)
                attempt += 1
            }
        }
    }

    /// Seconds before the next attempt, or nil when the server asked for longer than a refresh waits.
    private func retryDelay(beforeAttempt attempt: Int, retryAfter: Date?) -> Double? {
        guard let retryAfter else { return policy.retry.delay(beforeAttempt: attempt, random: random()) }
        let wait = retryAfter.timeIntervalSince(clock.now())
        return wait <= policy.retry.maxRetryAfter ? max(0, wait) : nil
    }

    private func headerLines(_ request: FetchRequest) -> [String] { request.headerLines }
}
