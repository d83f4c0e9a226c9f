import Foundation

/// A bare TCP connection for what well-behaved clients never do: dribble bytes, send huge headers,
/// open a thousand connections at once.
final class RawConnection: @unchecked Sendable {
    let descriptor: Int32

    init?(port: Int, timeout: TimeInterval = 5) {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var time = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            return nil
        }
    }

    deinit { close(descriptor) }

    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Foundation.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// Reads until the peer closes, the timeout passes, or `limit` bytes arrived.
    func receive(limit: Int = 1 << 20, until stop: (Data) -> Bool = { _ in false }) -> (data: Data, closed: Bool) {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while data.count < limit {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { return (data, true) }
            if count < 0 { return (data, errno == ECONNRESET) }
            data.append(contentsOf: buffer[..<count])
            if stop(data) { break }
        }
        return (data, false)
    }

    /// The status code of the first response line, once its head has arrived.
    func receiveStatus() -> Int? {
        let (data, _) = receive(until: { $0.range(of: Data("\r\n\r\n".utf8)) != nil })
        let line = String(decoding: data.prefix(while: { $0 != 13 }), as: UTF8.self)
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }
}
