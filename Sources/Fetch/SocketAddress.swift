import CCurl
import Glibc

/// Reads the address libcurl is about to connect to.
enum SocketAddress {
    /// The address as text if it is not public, nil if it may be connected to.
    static func nonPublicAddress(_ address: UnsafeMutablePointer<curl_sockaddr>) -> String? {
        let family = address.pointee.family
        let offset = MemoryLayout<curl_sockaddr>.offset(of: \curl_sockaddr.addr)!
        let raw = UnsafeRawPointer(address).advanced(by: offset)
        switch family {
        case AF_INET:
            let inet = raw.loadUnaligned(as: sockaddr_in.self)
            let bytes = withUnsafeBytes(of: inet.sin_addr) { Array($0) }
            let host = UInt32(bigEndian: inet.sin_addr.s_addr)
            return AddressFilter.isNonPublic(ipv4: host) ? text(family, bytes) : nil
        case AF_INET6:
            let inet6 = raw.loadUnaligned(as: sockaddr_in6.self)
            let bytes = withUnsafeBytes(of: inet6.sin6_addr) { Array($0) }
            return AddressFilter.isNonPublic(ipv6: bytes) ? text(family, bytes) : nil
        default:
            return "address family \(family)"
        }
    }

    private static func text(_ family: Int32, _ address: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        _ = address.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
