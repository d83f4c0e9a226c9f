import CCrypto
import Foundation

/// Hashes through OpenSSL's libcrypto, which libcurl already brings onto the machine.
public enum Digest {
    public static func sha256Hex(_ data: Data) -> String {
        data.withUnsafeBytes { sha256Hex($0) }
    }

    public static func sha256Hex(_ text: String) -> String {
        var text = text
        return text.withUTF8 { sha256Hex(UnsafeRawBufferPointer($0)) }
    }

    /// Article ids, content hashes and feed entry ids are all hashes: this runs for every article in
    /// every refresh and publish, so the hex is written from a table, not formatted byte by byte.
    static func sha256Hex(_ bytes: UnsafeRawBufferPointer) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Int(EVP_MAX_MD_SIZE)) { digest in
            var length: UInt32 = 0
            let ok = EVP_Digest(bytes.baseAddress, bytes.count, digest.baseAddress, &length, EVP_sha256(), nil)
            precondition(ok == 1, "EVP_Digest(sha256) failed")
            return String(unsafeUninitializedCapacity: Int(length) * 2) { hex in
                for index in 0..<Int(length) {
                    let byte = digest[index]
                    hex[2 * index] = hexDigits[Int(byte >> 4)]
                    hex[2 * index + 1] = hexDigits[Int(byte & 0x0F)]
                }
                return Int(length) * 2
            }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
