import Model
import Fetch
import Foundation
import Testing

@Suite struct PolicyTests {
    @Test func defaults() {
        let policy = FetchPolicy()
        #expect(policy.maxBodyBytes == 10 * 1024 * 1024)
        #expect(policy.maxRedirects == 5)
        #expect(policy.perHostConcurrency == 2)
        #expect(policy.userAgent.contains("finews"))
        #expect(!policy.refusePrivateAddresses)
        #expect(policy.proxy == nil && policy.caFile == nil)
    }

    @Test func aHostsOwnPacingOverridesTheDefaultAndHostWithPortOverridesHost() {
        var policy = FetchPolicy()
        policy.hosts["127.0.0.1"] = HostPacing(concurrency: 8, minInterval: 0)
        policy.hosts["127.0.0.1:1200"] = HostPacing(concurrency: 16, minInterval: 0.1)
        #expect(policy.pacing(host: "127.0.0.1", port: nil) == HostPacing(concurrency: 8, minInterval: 0))
        #expect(policy.pacing(host: "127.0.0.1", port: 8080) == HostPacing(concurrency: 8, minInterval: 0))
        #expect(policy.pacing(host: "127.0.0.1", port: 1200) == HostPacing(concurrency: 16, minInterval: 0.1))
        #expect(policy.pacing(host: "example.com", port: nil) == HostPacing(concurrency: 2, minInterval: 0.25))
    }

    @Test func backoffDoublesAndIsCappedWithJitterInsideEachStep() {
        var retry = RetryPolicy()
        retry.baseDelay = 2
        retry.maxDelay = 10
        retry.jitter = 0.5
        #expect(retry.delay(beforeAttempt: 2, random: 0) == 1)
        #expect(retry.delay(beforeAttempt: 2, random: 0.999) < 2)
        #expect(retry.delay(beforeAttempt: 3, random: 0) == 2)
        #expect(retry.delay(beforeAttempt: 4, random: 0) == 4)
        #expect(retry.delay(beforeAttempt: 5, random: 0) == 5)
        #expect(retry.delay(beforeAttempt: 50, random: 1) == 10)
    }

    @Test func retryAfterSeconds() {
        let now = Date(timeIntervalSince1970: 1_750_000_000)
        #expect(RetryAfter.date(from: "120", now: now) == now + 120)
        #expect(RetryAfter.date(from: " 0 ", now: now) == now)
        #expect(RetryAfter.date(from: "-5", now: now) == nil)
        #expect(RetryAfter.date(from: "soon", now: now) == nil)
    }

    @Test(arguments: ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"])
    func retryAfterHTTPDateInAllThreeForms(_ value: String) {
        // RFC 9110 §5.6.7's example instant.
        #expect(RetryAfter.date(from: value, now: Date()) == Date(timeIntervalSince1970: 784_111_777))
    }

    @Test func sourceBackoffDoublesUpToTheCapAndHonoursRetryAfter() {
        let failedAt = Date(timeIntervalSince1970: 1_750_000_000)
        let backoff = SourceBackoff(interval: 900, cap: 6 * 3600)
        let waits = (0...8).map { backoff.nextAttempt(failedAt: failedAt, consecutiveFailures: $0).timeIntervalSince(failedAt) }
        #expect(waits == [900, 1800, 3600, 7200, 14400, 21600, 21600, 21600, 21600])
        #expect(backoff.nextAttempt(failedAt: failedAt, consecutiveFailures: 1_000) == failedAt + 21600)
        let later = failedAt + 30000
        #expect(backoff.nextAttempt(failedAt: failedAt, consecutiveFailures: 2, retryAfter: later) == later)
        let slowSource = SourceBackoff(interval: 86400, cap: 6 * 3600)
        #expect(slowSource.nextAttempt(failedAt: failedAt, consecutiveFailures: 3) == failedAt + 86400)
    }
}
