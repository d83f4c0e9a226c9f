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
