import Fetch
import Foundation
import Model
import Synchronization

/// Records the waits asked for and moves a manual clock instead of sleeping.
final class RecordingSleeper: Sleeper {
    let clock: ManualClock
    private let recorded = Mutex<[Double]>([])

    init(clock: ManualClock = ManualClock(Date(timeIntervalSince1970: 1_750_000_000))) {
        self.clock = clock
    }

    var sleeps: [Double] { recorded.withLock { $0 } }

    func sleep(seconds: Double) async {
        recorded.withLock { $0.append(seconds) }
        clock.advance(by: seconds)
    }
}

extension FetchPolicy {
    /// Short timeouts and no pacing, so fault tests finish in a second or two.
    static func test(_ adjust: (inout FetchPolicy) -> Void = { _ in }) -> FetchPolicy {
        var policy = FetchPolicy()
        policy.connectTimeout = 2
        policy.totalTimeout = 5
        policy.minHostInterval = 0
        policy.perHostConcurrency = 8
        adjust(&policy)
        return policy
    }
}

extension Result {
    var failure: Failure? {
        if case let .failure(error) = self { return error }
        return nil
    }
}
