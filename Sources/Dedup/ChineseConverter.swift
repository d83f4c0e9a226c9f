import COpenCC

/// Traditional → Simplified Chinese through OpenCC, for comparing texts regardless of script.
///
/// Opening a converter loads several dictionaries (tens of milliseconds), so the pipeline shares one:
/// `ChineseConverter.shared`. Conversion needs no lock: opencc.h documents `opencc_error` as the only
/// C API function that is not thread-safe, and conversion only reads the loaded dictionaries.
public final class ChineseConverter: Sendable {
    /// Taiwan phrases and variants first (`tw2sp`), then Hong Kong variants (`hk2s`, which ends with
    /// the plain `t2s` tables): together they cover text converted with s2t, s2tw, s2twp and s2hk.
    public static let standardConfigs = ["tw2sp.json", "hk2s.json"]

    /// nil when OpenCC or its dictionaries are missing; normalisation then leaves the script alone.
    public static let shared: ChineseConverter? = try? ChineseConverter(configs: standardConfigs)

    // Handles are opaque pointers owned by this object and only read after init.
    nonisolated(unsafe) private let handles: [opencc_t]

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
    }

    deinit {
        for handle in handles { opencc_close(handle) }
    }

    /// The text in Simplified script; unchanged where a conversion step fails.
    public func simplified(_ text: String) -> String {
        var current = text
        for handle in handles {
            current = convert(current, with: handle) ?? current
        }
        return current
    }

    private func convert(_ text: String, with handle: opencc_t) -> String? {
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
