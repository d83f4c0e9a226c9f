/// Addresses a fetch must not reach when `refusePrivateAddresses` is on: loopback, private (RFC 1918,
/// RFC 4193), link-local, CGNAT shared space (RFC 6598), unspecified, multicast and reserved ranges,
/// including IPv4 embedded in IPv6 (mapped and NAT64).
enum AddressFilter {
    static func isNonPublic(ipv4 address: UInt32) -> Bool {
        let blocked: [(UInt32, Int)] = [
            (0x0000_0000, 8), (0x0A00_0000, 8), (0x6440_0000, 10), (0x7F00_0000, 8), (0xA9FE_0000, 16),
            (0xAC10_0000, 12), (0xC000_0000, 24), (0xC000_0200, 24), (0xC0A8_0000, 16), (0xC612_0000, 15),
            (0xC633_6400, 24), (0xCB00_7100, 24), (0xE000_0000, 4), (0xF000_0000, 4),
        ]
        return blocked.contains { network, length in
            address >> UInt32(32 - length) == network >> UInt32(32 - length)
        }
    }

    static func isNonPublic(ipv6 bytes: [UInt8]) -> Bool {
        guard bytes.count == 16 else { return true }
        let prefix12 = bytes[0..<12]
        if prefix12.allSatisfy({ $0 == 0 }) { return true } // ::, ::1 and deprecated IPv4-compatible
        if prefix12.elementsEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF])
            || prefix12.elementsEqual([0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0]) {
            return isNonPublic(ipv4: bytes[12..<16].reduce(0) { $0 << 8 | UInt32($1) })
        }
        if bytes[0] & 0xFE == 0xFC { return true }                     // fc00::/7 unique local
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return true } // fe80::/10 link-local
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0xC0 { return true } // fec0::/10 site-local
        if bytes[0] == 0xFF { return true }                            // multicast
        return bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8 // documentation
    }
}
