import Foundation
import Yams

extension ConfigMapping {
    /// An absolute http or https URL: the only schemes the fetcher will follow (issue 3).
    mutating func httpURL(_ key: String) throws(ConfigError) -> String {
        let text = try requiredString(key).trimmingCharacters(in: .whitespaces)
        guard let url = URLComponents(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
              let host = url.host, !host.isEmpty else {
            throw .invalidValue(file: file, line: line(of: key), key: keyPath(key),
                                reason: "'\(text)' must be an absolute http or https URL")
        }
        return text
    }

    /// An absolute http or https URL that may hold request placeholders (`{now_ms}`, …).
    mutating func requestURL(_ key: String) throws(ConfigError) -> String {
        let text = try requiredString(key).trimmingCharacters(in: .whitespaces)
        if let unknown = RequestTemplate.unknownPlaceholder(in: text) {
            throw .invalidValue(file: file, line: line(of: key), key: keyPath(key),
                                reason: JSONSourceOptions.placeholderReason(unknown))
        }
        let sample = RequestTemplate.expand(text, now: Date(timeIntervalSince1970: 0), zone: .gmt, random: 0)
        guard let url = URLComponents(string: sample), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
              let host = url.host, !host.isEmpty else {
            throw .invalidValue(file: file, line: line(of: key), key: keyPath(key),
                                reason: "'\(text)' must be an absolute http or https URL")
        }
        return text
    }

    /// One string or a list of strings.
    mutating func strings(_ key: String) throws(ConfigError) -> [String]? {
        guard let node = node(key), !isNullNode(node) else { return nil }
        if case .scalar(let scalar) = node { return [scalar.string] }
        guard case .sequence(let sequence) = node else {
            throw .wrongType(file: file, line: node.mark?.line, key: keyPath(key), expected: "a string or a list of strings")
        }
        var values: [String] = []
        for (index, item) in sequence.enumerated() {
            guard case .scalar(let scalar) = item, !scalar.string.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw .wrongType(file: file, line: item.mark?.line, key: "\(keyPath(key))[\(index)]",
                                 expected: "a non-empty string")
            }
            values.append(scalar.string)
        }
        return values
    }

    /// A duration that may be zero (`0` turns a delay off).
    mutating func delay(_ key: String) throws(ConfigError) -> TimeInterval? {
        guard let node = node(key), !isNullNode(node) else { return nil }
        guard case .scalar(let scalar) = node, let seconds = Self.parseDelay(scalar.string), seconds >= 0 else {
            throw .wrongType(file: file, line: node.mark?.line, key: keyPath(key),
                             expected: "a duration such as 0, 250ms, 2s or 1m")
        }
        guard seconds <= Self.longestDelay else {
            throw .invalidValue(file: file, line: node.mark?.line, key: keyPath(key), reason: "must be at most 1d")
        }
        return seconds
    }

    /// The longest pause or timeout of a request: a day. Longer would hold a refresh for good.
    static let longestDelay: TimeInterval = 86400

    /// `parseDuration` plus milliseconds, for the short delays of pacing and timeouts.
    static func parseDelay(_ text: String) -> TimeInterval? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed.hasSuffix("ms"), let value = Double(trimmed.dropLast(2)) { return value.isFinite ? value / 1000 : nil }
        return parseDuration(trimmed)
    }

    /// A byte count: a number, or a number with `KiB`, `MiB` or `GiB`.
    mutating func byteSize(_ key: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        guard let node = node(key), !isNullNode(node) else { return nil }
        guard case .scalar(let scalar) = node, let bytes = Self.parseByteSize(scalar.string) else {
            throw .wrongType(file: file, line: node.mark?.line, key: keyPath(key),
                             expected: "a size such as 10MiB, 512KiB or 1048576")
        }
        guard range.contains(bytes) else {
            throw .invalidValue(file: file, line: node.mark?.line, key: keyPath(key),
                                reason: "must be between \(range.lowerBound) and \(range.upperBound) bytes")
        }
        return bytes
    }

    static func parseByteSize(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        for (suffix, factor) in [("gib", 1 << 30), ("mib", 1 << 20), ("kib", 1 << 10), ("b", 1)]
            where trimmed.hasSuffix(suffix) {
            guard let value = Double(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)),
                  value >= 0 else { return nil }
            return Self.wholeBytes(value * Double(factor))
        }
        return Int(trimmed)
    }

    /// `1e30GiB` is no size: converting it to `Int` would trap. Anything past 2^53 is refused here; the
    /// caller's range names the real limit.
    private static func wholeBytes(_ value: Double) -> Int? {
        guard value.isFinite, value >= 0, value <= 9_007_199_254_740_992 else { return nil }
        return Int(value)
    }

    private func isNullNode(_ node: Node) -> Bool {
        if case .scalar(let scalar) = node, scalar.style == .plain,
           ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return true }
        return false
    }
}
