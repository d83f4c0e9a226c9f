import CRE2

/// A regular expression of a filter or a keep/block rule, matched with RE2.
///
/// RE2 runs in time linear in the text and never backtracks, so no pattern (`(a+)+$` and friends) can
/// stall a request or a refresh; its syntax lacks backreferences and lookaround for the same reason.
/// Chinese characters in the pattern are widened to their Simplified and Traditional forms first
/// (`ScriptVariants`), so `区块链` finds `區塊鏈` and the other way round.
public final class Pattern: Sendable {
    /// Longest pattern accepted, in characters, before widening.
    public static let maximumLength = 256
    /// Memory RE2 may use for the compiled program; a larger one is refused at compile time.
    static let maximumMemory: Int64 = 4 << 20

    public let source: String
    public let caseSensitive: Bool
    // Owned by this object, immutable after init; RE2 objects may be shared across threads.
    nonisolated(unsafe) private let compiled: OpaquePointer

    public init(_ source: String, caseSensitive: Bool = true, variants: ScriptVariants? = .shared) throws(PatternError) {
        guard !source.isEmpty else { throw .empty }
        let length = source.count
        guard length <= Self.maximumLength else { throw .tooLong(length: length, limit: Self.maximumLength) }
        let widened = variants?.widen(source) ?? source
        var message = [CChar](repeating: 0, count: 256)
        let compiled: OpaquePointer? = widened.utf8CString.withUnsafeBufferPointer { bytes in
            message.withUnsafeMutableBufferPointer { error in
                finews_re2_compile(bytes.baseAddress, bytes.count - 1, caseSensitive ? 1 : 0, Self.maximumMemory,
                                   error.baseAddress, error.count)
            }
        }
        guard let compiled else {
            let reason = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw .invalid(pattern: source, reason: reason.isEmpty ? "not a regular expression" : reason)
        }
        self.source = source
        self.caseSensitive = caseSensitive
        self.compiled = compiled
    }

    deinit { finews_re2_free(compiled) }

    /// Whether the pattern matches anywhere in the text.
    public func matches(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                finews_re2_search(compiled, chars.baseAddress, chars.count) != 0
            }
        }
    }

    /// Whether the pattern matches anywhere in UTF-8 text held elsewhere (a database row), unchanged.
    public func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        text.withMemoryRebound(to: CChar.self) { chars in finews_re2_search(compiled, chars.baseAddress, chars.count) != 0 }
    }

    public func matches(any texts: [String]) -> Bool { texts.contains(where: matches) }
}

public enum PatternError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case tooLong(length: Int, limit: Int)
    case invalid(pattern: String, reason: String)

    public var description: String {
        switch self {
        case .empty: "empty pattern"
        case let .tooLong(length, limit): "pattern too long (\(length) characters, at most \(limit))"
        case let .invalid(pattern, reason): "bad pattern '\(pattern)': \(reason)"
        }
    }
}
