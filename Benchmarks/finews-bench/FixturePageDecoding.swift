import Decode
import Foundation

/// Bytes of a fixture page as text, decoded by the Decode stage exactly as the product decodes a fetched
/// page. The fixtures carry no HTTP headers, so only the BOM, the declarations in the bytes and the
/// strict-UTF-8/GB18030 detection decide.
enum FixturePageDecoding {
    static func text(_ data: Data, location: String) throws -> DecodedText {
        try TextDecoder.decode(data, contentType: nil, location: location)
    }
}
