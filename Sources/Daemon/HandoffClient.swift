public import Foundation

/// The `finews refresh` side of the control socket.
public enum HandoffClient {
    public enum Outcome: Sendable {
        /// No daemon listens: run the refresh here.
        case noDaemon
        case answered(Handoff.Response)
        /// A daemon took the request but closed before answering (it was stopping).
        case interrupted(String)
        /// The socket exists but this user may not use it (or cannot reach its folder).
        case notPermitted(String)
    }

    /// Blocks until the daemon answers: a refresh takes as long as it takes.
    public static func send(_ request: Handoff.Request, socket path: URL) -> Outcome {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return .noDaemon }
        defer { close(descriptor) }
        guard connect(descriptor, to: path.path) else {
            let code = errno
            if code == EACCES || code == EPERM {
                return .notPermitted("\(path.path): \(String(cString: strerror(code)))")
            }
            return .noDaemon
        }
        var line = (try? JSONEncoder().encode(request)) ?? Data("{}".utf8)
        line.append(UInt8(ascii: "\n"))
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count else { return .interrupted("cannot write to \(path.path)") }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            received.append(contentsOf: buffer[..<count])
        }
        guard let response = try? JSONDecoder().decode(Handoff.Response.self, from: received) else {
            return .interrupted("the daemon closed the connection without an answer")
        }
        return .answered(response)
    }

    static func connect(_ descriptor: Int32, to path: String) -> Bool {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0
    }
}
