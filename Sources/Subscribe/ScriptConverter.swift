import COpenCC
import Synchronization

/// One OpenCC conversion (`s2t`, `t2s`, `s2hk`, …) loaded from the configuration files libopencc installs.
/// Conversion only reads the loaded dictionaries, so one converter serves every thread (opencc.h names
/// `opencc_error` as the only call that is not thread-safe).
public final class ScriptConverter: Sendable {
    /// The conversions `opencc=` accepts: OpenCC's own configuration names, which RSSHub's converter
    /// (simplecc) uses too.
    public static let names = ["s2t", "t2s", "s2tw", "tw2s", "s2hk", "hk2s", "s2twp", "tw2sp", "t2tw", "tw2t",
                               "t2hk", "hk2t", "t2jp", "jp2t"]

    public let name: String
    nonisolated(unsafe) private let handle: opencc_t

    public init(_ name: String) throws(ScriptConverterError) {
        guard Self.names.contains(name) else { throw .unknown(name) }
        guard let handle = opencc_open(name + ".json"), Int(bitPattern: handle) != -1 else {
            throw .unavailable(name, opencc_error().map { String(cString: $0) } ?? "unknown error")
        }
        self.name = name
        self.handle = handle
    }

    deinit { opencc_close(handle) }

    /// The converted text; the text itself when OpenCC fails.
    public func convert(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String in
            guard let base = bytes.baseAddress else { return "" }
            let raw = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
            guard let output = opencc_convert_utf8(handle, raw, bytes.count) else { return String(decoding: bytes, as: UTF8.self) }
            defer { opencc_convert_utf8_free(output) }
            return String(cString: output)
        }
    }

    /// Loading a conversion reads several dictionaries (tens of milliseconds): each is opened once.
    public static func shared(_ name: String) throws(ScriptConverterError) -> ScriptConverter {
        if let cached = cache.withLock({ $0[name] }) { return cached }
        let converter = try ScriptConverter(name)
        return cache.withLock { cache in
            if let cached = cache[name] { return cached }
            cache[name] = converter
            return converter
        }
    }

    private static let cache = Mutex<[String: ScriptConverter]>([:])
}

public enum ScriptConverterError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknown(String)
    case unavailable(String, String)

    public var description: String {
        switch self {
        case .unknown(let name):
            "unknown conversion '\(name)' (one of: \(ScriptConverter.names.joined(separator: ", ")))"
        case let .unavailable(name, reason):
            "conversion '\(name)' is not available (OpenCC: \(reason))"
        }
    }
}
