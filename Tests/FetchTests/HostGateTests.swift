@testable import Fetch
import Foundation
import Model
import Testing

/// Pacing with a manual clock: the waits the gate asks for, without waiting.
@Suite struct HostGateTests {
    @Test func startsToOneHostAreSpacedAndOtherHostsAreNot() async {
        let sleeper = RecordingSleeper()
        let gate = HostGate(total: 8, clock: sleeper.clock, sleeper: sleeper)
        let pacing = HostPacing(concurrency: 4, minInterval: 2)
        for _ in 0..<3 {
            await gate.acquire("a.example", pacing: pacing)
            await gate.release("a.example")
        }
        await gate.acquire("b.example", pacing: pacing)
        // Each sleep advances the clock, so the second start waits 2 s and the third 2 s more.
        #expect(sleeper.sleeps == [2, 2])
    }

    @Test func retryAfterHoldsTheHost() async {
        let sleeper = RecordingSleeper()
        let gate = HostGate(total: 8, clock: sleeper.clock, sleeper: sleeper)
        await gate.hold("a.example", until: sleeper.clock.now() + 30)
        await gate.acquire("a.example", pacing: HostPacing(concurrency: 2, minInterval: 0))
        #expect(sleeper.sleeps == [30])
    }

    @Test func perHostLimitMakesTheThirdWait() async {
        let sleeper = RecordingSleeper()
        let gate = HostGate(total: 8, clock: sleeper.clock, sleeper: sleeper)
        let pacing = HostPacing(concurrency: 2, minInterval: 0)
        await gate.acquire("a.example", pacing: pacing)
        await gate.acquire("a.example", pacing: pacing)
        let third = Task { await gate.acquire("a.example", pacing: pacing); return true }
        try? await Task.sleep(for: .milliseconds(50))
        await gate.release("a.example")
        #expect(await third.value)
    }
}
