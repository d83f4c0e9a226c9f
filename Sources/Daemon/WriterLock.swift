public import Foundation

/// One writer at a time across processes: an exclusive flock(2) on `finews.lock` in the state folder,
/// held for the length of one refresh by the daemon and by a `finews refresh` that runs on its own.
/// Debian's SQLite 3.40 can corrupt a WAL database when two writers race a WAL reset, and a second
/// writer would also be the one to meet "database is locked"; waiting here avoids both.
public struct WriterLock: Sendable {
    public let file: URL

    public init(stateDirectory: URL) {
        file = stateDirectory.appendingPathComponent("finews.lock")
    }

    public enum LockError: Error, CustomStringConvertible {
        case cannotOpen(path: String, reason: String)

        public var description: String {
            switch self {
            case let .cannotOpen(path, reason): "\(path): cannot open the writer lock: \(reason)"
            }
        }
    }

    /// Runs `body` holding the lock, polling for it without blocking a thread; `onWait` is called once
    /// when another process holds it.
    public func withLock<T: Sendable>(onWait: @Sendable () -> Void = {}, _ body: @Sendable () async throws -> T) async throws -> T {
        let descriptor = try open()
        defer { close(descriptor) }
        var told = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { break }
            if !told { onWait(); told = true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        defer { flock(descriptor, LOCK_UN) }
        return try await body()
    }

    /// True when another process holds the lock right now.
    public func isHeldElsewhere() -> Bool {
        guard let descriptor = try? open() else { return false }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return false
        }
        return true
    }

    private func open() throws(LockError) -> Int32 {
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let descriptor = Foundation.open(file.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o660)
        guard descriptor >= 0 else { throw .cannotOpen(path: file.path, reason: String(cString: strerror(errno))) }
        return descriptor
    }
}
