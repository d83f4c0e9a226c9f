import CCrypto
import Foundation

/// Hashes through OpenSSL's libcrypto, which libcurl already brings onto the machine.
public enum Digest {
    public static func sha256Hex(_ data: Data) -> String {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = data.withUnsafeBytes { raw in
            EVP_Digest(raw.baseAddress, raw.count, &out, &length, EVP_sha256(), nil)
        }
        precondition(ok == 1, "EVP_Digest(sha256) failed")
        return out.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
    }

    public static func sha256Hex(_ text: String) -> String { sha256Hex(Data(text.utf8)) }
}
