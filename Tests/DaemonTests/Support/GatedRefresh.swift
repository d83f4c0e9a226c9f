import Config
import Daemon
import Foundation
import Logging
import Refresh
import Store
import Synchronization

/// The real pipeline, held at the start of each run until the test opens the gate, so a test can act
/// while a refresh is under way. It records what each run was asked to do.
final class GatedRefresh: RefreshRunning {
    private let inner: PipelineRefresh
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>], runs: [RunRecord])>((false, [], []))

    struct RunRecord: Sendable {
        var sources: [String]?
        var configuredSources: [String]
        var trigger: RefreshTrigger
    }

    init(logger: Logger) {
        inner = PipelineRefresh(logger: logger)
    }

    var runs: [RunRecord] { state.withLock { $0.runs } }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func run(config: FinewsConfig, archive: any ArchiveStore, trigger: RefreshTrigger, sources: [String]?,
             progress: @escaping @Sendable (RefreshProgress) -> Void) async throws -> RefreshReport {
        let record = RunRecord(sources: sources, configuredSources: config.sources.map(\.id), trigger: trigger)
        await withCheckedContinuation { continuation in
            let proceed = state.withLock { state in
                state.runs.append(record)
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if proceed { continuation.resume() }
        }
        return try await inner.run(config: config, archive: archive, trigger: trigger, sources: sources, progress: progress)
    }
}

/// Waits (bounded) until a condition holds. What is awaited takes milliseconds alone, but the whole
/// suite shares two cores and other suites block pool threads, so the bound is generous.
func eventually(timeout: Duration = .seconds(300), _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}

var quietLogger: Logger {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}
