import CCrypto
import Foundation

/// Hashes through OpenSSL's libcrypto, which libcurl already brings onto the machine.
public enum Digest {
    public static func sha256Hex(_ data: Data) -> String { hex(data, EVP_sha256(), name: "sha256") }

    /// For sites' request signatures (a query signed with md5 of its sha1), never for security here.
    public static func sha1Hex(_ text: String) -> String { hex(Data(text.utf8), EVP_sha1(), name: "sha1") }
    public static func md5Hex(_ text: String) -> String { hex(Data(text.utf8), EVP_md5(), name: "md5") }

    private static func hex(_ data: Data, _ type: OpaquePointer?, name: String) -> String {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = data.withUnsafeBytes { raw in
            EVP_Digest(raw.baseAddress, raw.count, &out, &length, type, nil)
        }
        precondition(ok == 1, "EVP_Digest(\(name)) failed")
        return out.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
    }

    public static func sha256Hex(_ text: String) -> String { sha256Hex(Data(text.utf8)) }
}
