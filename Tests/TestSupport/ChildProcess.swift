import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with posix_spawn, for the tests' clients and command runs.
///
/// Foundation's `Process.run()` on Linux crashes now and then (SIGSEGV): before spawning it lists
/// /proc/self/fd to close descriptors and copies each whole 256-byte `d_name` out of readdir's buffer,
/// reading past its end when a record sits at the buffer's tail (swift-corelibs-foundation PR 5472,
/// after the 6.3.1 toolchain). Test suites that spawn often hit it; this path never reads that folder.
/// Descriptors the child should not see are those opened without close-on-exec, which Swift's and
/// NIO's own are not.
public struct ChildProcess: Sendable {
    public let pid: pid_t

    public struct SpawnError: Error, CustomStringConvertible {
        public var executable: String
        public var code: Int32
        public init(executable: String, code: Int32) {
            self.executable = executable
            self.code = code
        }
        public var description: String { "cannot start \(executable): \(String(cString: strerror(code)))" }
    }

    /// Starts `executable` with `arguments`; `input`, `output` and `error` are descriptors the child gets
    /// as its 0, 1 and 2 (nil: /dev/null for input, the parent's own for the others).
    public static func spawn(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                             directory: String? = nil, input: Int32? = nil, output: Int32? = nil,
                             error: Int32? = nil) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let input {
            posix_spawn_file_actions_adddup2(&actions, input, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        if let output { posix_spawn_file_actions_adddup2(&actions, output, 1) }
        if let error { posix_spawn_file_actions_adddup2(&actions, error, 2) }
        if let directory {
            guard let addChdir = Self.addChdir, addChdir(&actions, directory) == 0 else {
                throw SpawnError(executable: executable, code: ENOSYS)
            }
        }
        let environment = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = ([executable] + arguments).map { strdup($0) }
        let envp = environment.map { strdup($0) }
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, nil, argv + [nil], envp + [nil])
        guard code == 0 else { throw SpawnError(executable: executable, code: code) }
        return ChildProcess(pid: pid)
    }

    /// glibc's posix_spawn_file_actions_addchdir_np (2.29 and later), which its module map does not export.
    private static let addChdir: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>,
                                                  UnsafePointer<CChar>) -> Int32)? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>,
                                                          UnsafePointer<CChar>) -> Int32).self)
    }()

    /// Waits for the child to end: its exit status, or 128 + the signal that ended it.
    @discardableResult
    public func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return Self.exitStatus(status)
    }

    /// The exit status if the child has ended (reaping it: ask once more and it is gone), nil while it runs.
    public func statusIfEnded() -> Int32? {
        var status: Int32 = 0
        var reaped: pid_t
        repeat { reaped = waitpid(pid, &status, WNOHANG) } while reaped == -1 && errno == EINTR
        return reaped == pid ? Self.exitStatus(status) : nil
    }

    private static func exitStatus(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    public func signal(_ number: Int32) { kill(pid, number) }
}
