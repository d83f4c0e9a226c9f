import CCrypto
import Foundation

/// Hashes through OpenSSL's libcrypto, which libcurl already brings onto the machine.
public enum Digest {
    public static func sha256Hex(_ data: Data) -> String {
        data.withUnsafeBytes { hex($0, .sha256) }
    }

    public static func sha256Hex(_ text: String) -> String { hex(text, .sha256) }

    /// For sites' request signatures (a query signed with md5 of its sha1), never for security here.
    public static func sha1Hex(_ text: String) -> String { hex(text, .sha1) }
    public static func md5Hex(_ text: String) -> String { hex(text, .md5) }

    private enum Algorithm {
        case sha256, sha1, md5

        var length: Int {
            switch self {
            case .sha256: 32
            case .sha1: 20
            case .md5: 16
            }
        }

        /// The low-level one-shot functions of `CCrypto/shim.h`, not EVP: see there.
        func digest(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutablePointer<UInt8>) {
            switch self {
            case .sha256: finews_sha256(bytes.baseAddress, bytes.count, output)
            case .sha1: finews_sha1(bytes.baseAddress, bytes.count, output)
            case .md5: finews_md5(bytes.baseAddress, bytes.count, output)
            }
        }
    }

    private static func hex(_ text: String, _ algorithm: Algorithm) -> String {
        var text = text
        return text.withUTF8 { hex(UnsafeRawBufferPointer($0), algorithm) }
    }

    /// Article ids, content hashes and feed entry ids are all hashes: this runs for every article in
    /// every refresh and publish, so the hex is written from a table, not formatted byte by byte.
    private static func hex(_ bytes: UnsafeRawBufferPointer, _ algorithm: Algorithm) -> String {
        let length = algorithm.length
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { digest in
            guard let output = digest.baseAddress else { return "" }
            algorithm.digest(bytes, into: output)
            return String(unsafeUninitializedCapacity: length * 2) { hex in
                for index in 0..<length {
                    let byte = digest[index]
                    hex[2 * index] = hexDigits[Int(byte >> 4)]
                    hex[2 * index + 1] = hexDigits[Int(byte & 0x0F)]
                }
                return length * 2
            }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
