import Foundation
import Glibc

/// glibc's iconv, for the legacy charsets. Foundation on Linux decodes GB18030 and Big5-HKSCS too but
/// only all-or-nothing; iconv reports where a sequence is invalid, which lossy decoding of damaged
/// pages needs.
enum Iconv {
    static func supports(_ charset: String) -> Bool {
        let descriptor = iconv_open("UTF-8", charset)
        guard descriptor != invalidDescriptor else { return false }
        iconv_close(descriptor)
        return true
    }

    /// The text, or nil if the charset is unknown or (when `lossy` is false) a sequence is invalid.
    /// Lossy mode drops each byte no sequence starts at, counting them and noting where the first was.
    static func decode(_ bytes: some DataProtocol, from charset: String,
                       lossy: Bool) -> (text: String, dropped: Int, firstDropped: Int?)? {
        let descriptor = iconv_open("UTF-8", charset)
        guard descriptor != invalidDescriptor else { return nil }
        defer { iconv_close(descriptor) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3 / 2 + 16)
        var dropped = 0
        var firstDropped: Int?
        let contiguous = ContiguousArray(bytes)
        let complete = contiguous.withUnsafeBufferPointer { input -> Bool in
            convert(descriptor, UnsafeRawBufferPointer(input), into: &output, lossy: lossy, dropped: &dropped,
                    firstDropped: &firstDropped)
        }
        guard complete else { return nil }
        return (String(decoding: output, as: UTF8.self), dropped, firstDropped)
    }

    private static var invalidDescriptor: iconv_t? { iconv_t(bitPattern: -1) }
    private static func convert(_ descriptor: iconv_t?, _ input: UnsafeRawBufferPointer,
                                into output: inout [UInt8], lossy: Bool, dropped: inout Int,
                                firstDropped: inout Int?) -> Bool {
        guard let base = input.baseAddress else { return true }
        // iconv's prototype takes `char **` but never writes through the input pointer.
        var inPointer = UnsafeMutableRawPointer(mutating: base).assumingMemoryBound(to: CChar.self)
        var inLeft = input.count
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while inLeft > 0 {
            let (status, produced) = chunk.withUnsafeMutableBufferPointer { buffer -> (Int32, Int) in
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(buffer.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = buffer.count
                var inOptional: UnsafeMutablePointer<CChar>? = inPointer
                let result = iconv(descriptor, &inOptional, &inLeft, &outPointer, &outLeft)
                inPointer = inOptional!
                return (result == -1 ? errno : 0, buffer.count - outLeft)
            }
            output.append(contentsOf: chunk[0..<produced])
            switch status {
            case 0, E2BIG:
                continue
            case EILSEQ, EINVAL:
                guard lossy else { return false }
                if firstDropped == nil { firstDropped = input.count - inLeft }
                dropped += 1
                inPointer += 1
                inLeft -= 1
                _ = iconv(descriptor, nil, nil, nil, nil)
            default:
                return false
            }
        }
        return true
    }
}
