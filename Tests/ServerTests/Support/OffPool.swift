import Foundation

/// Runs blocking work (a child process, a socket read with a timeout) on a thread of its own. The
/// server under test runs in this process on Swift's cooperative pool, which has one thread per core;
/// blocking those threads from the test would starve the server it is talking to.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.stackSize = 1 << 20
        thread.start()
    }
}
