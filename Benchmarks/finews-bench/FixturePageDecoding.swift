import CoreFoundation
import Foundation

/// Bytes of a fixture page as text: strict UTF-8 first, then GB18030 (a superset of GB2312 and GBK).
/// The fixture pages' meta charsets lie, so the bytes decide. This belongs in the Decode stage, which
/// the fetch issue builds; it lives here only so the evaluation can run before that lands.
enum FixturePageDecoding {
    static func text(_ data: Data) -> String? {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let gb18030 = String.Encoding(rawValue: CFStringConvertEncodingToNSStringEncoding(
            CFStringEncoding(CFStringEncodings.GB_18030_2000.rawValue)))
        if let text = String(data: Data(bytes), encoding: gb18030) { return text }
        // Damaged GBK bytes make the strict decoder give up; keep what decodes, per line.
        return lossyGB18030(Data(bytes), encoding: gb18030)
    }

    private static func lossyGB18030(_ data: Data, encoding: String.Encoding) -> String? {
        var lines: [String] = []
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if let text = String(data: Data(line), encoding: encoding) {
                lines.append(text)
            } else {
                lines.append(String(decoding: line.filter { $0 < 0x80 }, as: UTF8.self))
            }
        }
        return lines.joined(separator: "\n")
    }
}
