@testable import Fetch
import Testing

@Suite struct AddressFilterTests {
    private func ipv4(_ text: String) -> UInt32 {
        text.split(separator: ".").reduce(0) { $0 << 8 | UInt32($1)! }
    }

    @Test(arguments: ["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
                      "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1"])
    func nonPublicIPv4(_ address: String) {
        #expect(AddressFilter.isNonPublic(ipv4: ipv4(address)))
    }

    @Test(arguments: ["8.8.8.8", "172.32.0.1", "101.227.0.1", "203.119.0.1", "100.128.0.1"])
    func publicIPv4(_ address: String) {
        #expect(!AddressFilter.isNonPublic(ipv4: ipv4(address)))
    }

    @Test func ipv6() {
        var loopback = [UInt8](repeating: 0, count: 16)
        loopback[15] = 1
        #expect(AddressFilter.isNonPublic(ipv6: loopback))
        let mappedPrivate: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 192, 168, 0, 1]
        #expect(AddressFilter.isNonPublic(ipv6: mappedPrivate))
        let mappedPublic: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 8, 8, 8, 8]
        #expect(!AddressFilter.isNonPublic(ipv6: mappedPublic))
        #expect(AddressFilter.isNonPublic(ipv6: [0xFE, 0x80] + [UInt8](repeating: 0, count: 14)))
        #expect(AddressFilter.isNonPublic(ipv6: [0xFD, 0x12] + [UInt8](repeating: 1, count: 14)))
        #expect(!AddressFilter.isNonPublic(ipv6: [0x24, 0x08, 0x80, 0x00] + [UInt8](repeating: 1, count: 12)))
    }
}
