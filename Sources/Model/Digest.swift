import CCrypto
import Foundation

/// Hashes through OpenSSL's libcrypto, which libcurl already brings onto the machine.
public enum Digest {
    public static func sha256Hex(_ data: Data) -> String {
        data.withUnsafeBytes { hex($0, EVP_sha256(), name: "sha256") }
    }

    public static func sha256Hex(_ text: String) -> String { hex(text, EVP_sha256(), name: "sha256") }

    /// For sites' request signatures (a query signed with md5 of its sha1), never for security here.
    public static func sha1Hex(_ text: String) -> String { hex(text, EVP_sha1(), name: "sha1") }
    public static func md5Hex(_ text: String) -> String { hex(text, EVP_md5(), name: "md5") }

    private static func hex(_ text: String, _ type: OpaquePointer?, name: String) -> String {
        var text = text
        return text.withUTF8 { hex(UnsafeRawBufferPointer($0), type, name: name) }
    }

    /// Article ids, content hashes and feed entry ids are all hashes: this runs for every article in
    /// every refresh and publish, so the hex is written from a table, not formatted byte by byte.
    private static func hex(_ bytes: UnsafeRawBufferPointer, _ type: OpaquePointer?, name: String) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Int(EVP_MAX_MD_SIZE)) { digest in
            var length: UInt32 = 0
            let ok = EVP_Digest(bytes.baseAddress, bytes.count, digest.baseAddress, &length, type, nil)
            precondition(ok == 1, "EVP_Digest(\(name)) failed")
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
