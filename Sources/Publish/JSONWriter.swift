import Foundation

/// JSON written straight into bytes, byte for byte what Foundation's `JSONEncoder` writes with
/// `.sortedKeys` and `.withoutEscapingSlashes` (and `.prettyPrinted` when `pretty`): members come in the
/// order the caller writes them, so callers write keys sorted. `JSONEncoder` went through a boxed
/// container per value and a dictionary per object; for a publish's 200 JSON feeds and its change log
/// that was more CPU than rendering the RSS and Atom files together. `JSONWriterTests` compares both.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    let pretty: Bool
    /// Per open container: whether nothing has been written into it yet.
    private var emptyContainers: [Bool] = []

    init(pretty: Bool, capacity: Int = 4096) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    var data: Data { Data(bytes) }

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// A member's key; its value follows.
    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        if pretty { bytes.append(contentsOf: [0x20, UInt8(ascii: ":"), 0x20]) } else { bytes.append(UInt8(ascii: ":")) }
    }

    /// Between top-level documents (JSON Lines).
    mutating func newline() { bytes.append(0x0A) }

    /// Before each element of an array.
    mutating func element() { separate() }

    mutating func member(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    /// Left out when nil, as `encodeIfPresent` does.
    mutating func member(_ name: StaticString, _ value: String?) {
        if let value { member(name, value) }
    }

    mutating func member(_ name: StaticString, _ value: Int64) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func member(_ name: StaticString, _ values: [String]) {
        key(name)
        beginArray()
        for value in values {
            element()
            string(value)
        }
        endArray()
    }

    mutating func member(_ name: StaticString, _ values: [String]?) {
        if let values { member(name, values) }
    }

    /// RFC 8259 §7 as `JSONEncoder` writes it: `"` and `\` escaped, the short forms for backspace, tab,
    /// newline, form feed and carriage return, `\u00xx` (lowercase hex) for the other control
    /// characters; everything else, `/` and U+2028 included, as UTF-8.
    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                appendEscape(byte)
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(_ byte: UInt8) {
        let backslash = UInt8(ascii: "\\")
        switch byte {
        case UInt8(ascii: "\""), backslash: bytes.append(contentsOf: [backslash, byte])
        case 0x08: bytes.append(contentsOf: [backslash, UInt8(ascii: "b")])
        case 0x09: bytes.append(contentsOf: [backslash, UInt8(ascii: "t")])
        case 0x0A: bytes.append(contentsOf: [backslash, UInt8(ascii: "n")])
        case 0x0C: bytes.append(contentsOf: [backslash, UInt8(ascii: "f")])
        case 0x0D: bytes.append(contentsOf: [backslash, UInt8(ascii: "r")])
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [backslash, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                      hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
        }
    }

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        emptyContainers.append(true)
    }

    /// `JSONEncoder` prints an empty container as its brackets around a blank line when pretty.
    private mutating func close(_ bracket: UInt8) {
        let wasEmpty = emptyContainers.removeLast()
        if pretty {
            bytes.append(0x0A)
            if wasEmpty { bytes.append(0x0A) }
            indent()
        }
        bytes.append(bracket)
    }

    private mutating func separate() {
        if emptyContainers[emptyContainers.count - 1] {
            emptyContainers[emptyContainers.count - 1] = false
        } else {
            bytes.append(UInt8(ascii: ","))
        }
        if pretty {
            bytes.append(0x0A)
            indent()
        }
    }

    private mutating func indent() {
        bytes.append(contentsOf: repeatElement(0x20, count: 2 * emptyContainers.count))
    }
}
