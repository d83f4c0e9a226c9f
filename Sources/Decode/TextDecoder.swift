import Foundation

/// Turns bytes into a String. The spine reads local files, which must be UTF-8 (with or without a BOM);
/// the fetch stage extends this with declared charsets, GB18030 and Big5.
public enum TextDecoder {
    /// Strict UTF-8, BOM stripped. A NUL byte in the first 8 KiB marks a binary file.
    public static func decodeUTF8(_ data: Data, location: String) throws(DecodeError) -> String {
        if data.prefix(8192).contains(0) { throw .binary(location: location) }
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .undecodable(location: location, charset: "UTF-8")
        }
        return text
    }
}
