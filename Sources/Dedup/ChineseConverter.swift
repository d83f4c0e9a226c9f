import COpenCC

/// Traditional → Simplified Chinese through OpenCC, for comparing texts regardless of script.
///
/// Opening a converter loads several dictionaries (tens of milliseconds), so the pipeline shares one:
/// `ChineseConverter.shared`. Conversion needs no lock: opencc.h documents `opencc_error` as the only
/// C API function that is not thread-safe, and conversion only reads the loaded dictionaries.
public final class ChineseConverter: Sendable {
    /// `hk2s`: Hong Kong variants back to OpenCC's standard forms, then the `t2s` tables, whose
    /// character table also holds the Taiwan forms (裡, 為, 群, 說, 閱). Not `tw2s`/`tw2sp`: on text that
    /// is already Simplified they turn 么 into 幺, and `tw2sp` rewrites phrases (執行 → 运行,
    /// 截圖 → 截屏), so a Simplified original and its Traditional reprint would stop agreeing.
    public static let standardConfigs = ["hk2s.json"]

    /// nil when OpenCC or its dictionaries are missing; normalisation then leaves the script alone.
    public static let shared: ChineseConverter? = try? ChineseConverter(configs: standardConfigs)

    // Handles are opaque pointers owned by this object and only read after init.
    nonisolated(unsafe) private let handles: [opencc_t]
    /// Bit per BMP scalar: set when OpenCC changes that character on its own. Text without any such
    /// character comes out of OpenCC unchanged, so most Simplified articles skip the conversion,
    /// which is the costliest step of normalisation (about 3 MB/s).
    private let convertible: [UInt64]

    public init(configs: [String]) throws(DedupError) {
        var opened: [opencc_t] = []
        for config in configs {
            guard let handle = opencc_open(config), Int(bitPattern: handle) != -1 else {
                for handle in opened { opencc_close(handle) }
                let message = opencc_error().map { String(cString: $0) } ?? "unknown error"
                throw .converterUnavailable(config: config, message: message)
            }
            opened.append(handle)
        }
        handles = opened
        convertible = Self.convertibleCharacters(handles: opened)
    }

    /// Converts every CJK character of the BMP once, one per line, and records those that change.
    private static func convertibleCharacters(handles: [opencc_t]) -> [UInt64] {
        var bits = [UInt64](repeating: 0, count: 65_536 / 64)
        let ranges: [ClosedRange<UInt32>] = [0x2E80...0x2FDF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF]
        let scalars = ranges.flatMap { $0 }.compactMap(Unicode.Scalar.init)
        var input = String.UnicodeScalarView()
        for scalar in scalars { input.append(scalar); input.append("\n") }
        var output = String(input)
        for handle in handles { output = convert(output, with: handle) ?? output }
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= scalars.count else {
            // Unexpected shape: mark everything CJK as convertible, i.e. always convert.
            for scalar in scalars { bits[Int(scalar.value) >> 6] |= 1 << (UInt64(scalar.value) & 63) }
            return bits
        }
        for (scalar, line) in zip(scalars, lines) where line.unicodeScalars.elementsEqual([scalar]) == false {
            bits[Int(scalar.value) >> 6] |= 1 << (UInt64(scalar.value) & 63)
        }
        return bits
    }

    /// Whether OpenCC would change some character of the text.
    public func needsConversion(_ text: String) -> Bool {
        needsConversion(text.unicodeScalars)
    }

    public func needsConversion(_ scalars: some Sequence<Unicode.Scalar>) -> Bool {
        scalars.contains { converts($0.value) }
    }

    /// Whether OpenCC changes this character on its own.
    public func converts(_ value: UInt32) -> Bool {
        value < 65_536 && value >= 0x2E80 && convertible[Int(value) >> 6] & (1 << (UInt64(value) & 63)) != 0
    }

    /// Characters OpenCC changes on their own (for tests and diagnostics).
    public var convertibleCount: Int { convertible.reduce(0) { $0 + $1.nonzeroBitCount } }

    deinit {
        for handle in handles { opencc_close(handle) }
    }

    /// The text in Simplified script; unchanged where a conversion step fails.
    public func simplified(_ text: String) -> String {
        guard needsConversion(text) else { return text }
        var current = text
        for handle in handles {
            current = Self.convert(current, with: handle) ?? current
        }
        return current
    }

    private static func convert(_ text: String, with handle: opencc_t) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard let base = bytes.baseAddress else { return "" }
            let raw = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
            guard let output = opencc_convert_utf8(handle, raw, bytes.count) else { return nil }
            defer { opencc_convert_utf8_free(output) }
            return String(cString: output)
        }
    }
}
