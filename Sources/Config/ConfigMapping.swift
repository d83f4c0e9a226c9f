import Foundation
import Yams

/// Reads one YAML mapping of the configuration, remembering which keys were asked for so that every
/// other key can be reported as unknown — a misspelt option must not be silently ignored.
struct ConfigMapping {
    let mapping: Node.Mapping
    /// The key path of this mapping, such as `sources[0]`; empty at the top level.
    let path: String
    let file: String
    private(set) var asked: [String] = []

    init(_ node: Node, path: String, file: String) throws(ConfigError) {
        guard let mapping = node.mapping else {
            throw .wrongType(file: file, line: node.mark?.line, key: path.isEmpty ? "(document)" : path,
                             expected: "a mapping of keys to values")
        }
        self.mapping = mapping
        self.path = path
        self.file = file
    }

    var line: Int? { mapping.mark?.line }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    mutating func node(_ key: String) -> Node? {
        asked.append(key)
        return mapping.first(where: { $0.key.string == key })?.value
    }

    func line(of key: String) -> Int? {
        mapping.first(where: { $0.key.string == key })?.key.mark?.line ?? line
    }

    mutating func string(_ key: String) throws(ConfigError) -> String? {
        guard let node = node(key), !isNull(node) else { return nil }
        guard case .scalar(let scalar) = node else {
            throw .wrongType(file: file, line: node.mark?.line, key: keyPath(key), expected: "a string")
        }
        return scalar.string
    }

    mutating func requiredString(_ key: String) throws(ConfigError) -> String {
        guard let value = try string(key) else {
            throw .missingKey(file: file, line: line, key: keyPath(key))
        }
        guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalidValue(file: file, line: line(of: key), key: keyPath(key), reason: "must not be empty")
        }
        return value
    }

    mutating func int(_ key: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        guard let node = node(key), !isNull(node) else { return nil }
        guard case .scalar = node, let value = node.int else {
            throw .wrongType(file: file, line: node.mark?.line, key: keyPath(key), expected: "a whole number")
        }
        guard range.contains(value) else {
            throw .invalidValue(file: file, line: node.mark?.line, key: keyPath(key),
                                reason: "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    mutating func bool(_ key: String) throws(ConfigError) -> Bool? {
        guard let node = node(key), !isNull(node) else { return nil }
        guard case .scalar = node, let value = node.bool else {
            throw .wrongType(file: file, line: node.mark?.line, key: keyPath(key), expected: "true or false")
        }
        return value
    }

    /// The longest schedule duration (an interval, a recheck age): a year. Longer is a typo, and
    /// `1e400` would be infinite.
    static let longestDuration: TimeInterval = 366 * 86400

    /// A duration: a number of seconds, or a number with a unit (`90s`, `15m`, `6h`, `1d`).
    mutating func duration(_ key: String) throws(ConfigError) -> TimeInterval? {
        guard let node = node(key), !isNull(node) else { return nil }
        guard case .scalar(let scalar) = node, let seconds = Self.parseDuration(scalar.string), seconds > 0 else {
            throw .wrongType(file: file, line: node.mark?.line, key: keyPath(key),
                             expected: "a positive duration such as 300, 90s, 15m, 6h or 1d")
        }
        try checkDuration(seconds, node: node, key: key)
        return seconds
    }

    func checkDuration(_ seconds: TimeInterval, node: Node, key: String) throws(ConfigError) {
        guard seconds <= Self.longestDuration else {
            throw .invalidValue(file: file, line: node.mark?.line, key: keyPath(key), reason: "must be at most 366d")
        }
    }

    /// A list of durations, ascending.
    mutating func durations(_ key: String) throws(ConfigError) -> [TimeInterval]? {
        guard let nodes = try sequence(key) else { return nil }
        var values: [TimeInterval] = []
        for node in nodes {
            guard case .scalar(let scalar) = node, let seconds = Self.parseDuration(scalar.string), seconds > 0 else {
                throw .wrongType(file: file, line: node.mark?.line, key: keyPath(key),
                                 expected: "a list of positive durations such as [15m, 1h, 3h, 1d, 3d]")
            }
            try checkDuration(seconds, node: node, key: key)
            values.append(seconds)
        }
        guard values == values.sorted() else {
            throw .invalidValue(file: file, line: line(of: key), key: keyPath(key), reason: "must be in ascending order")
        }
        return values
    }

    /// Nil for anything but a finite number of seconds: YAML's `.inf` and `.nan`, `1e400`, `nan`.
    static func parseDuration(_ text: String) -> TimeInterval? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        let seconds: Double?
        if let unit = trimmed.last, let factor = units[unit], let value = Double(trimmed.dropLast()) {
            seconds = value * factor
        } else {
            seconds = Double(trimmed)
        }
        guard let seconds, seconds.isFinite else { return nil }
        return seconds
    }

    mutating func mapping(_ key: String) throws(ConfigError) -> ConfigMapping? {
        guard let node = node(key), !isNull(node) else { return nil }
        return try ConfigMapping(node, path: keyPath(key), file: file)
    }

    mutating func sequence(_ key: String) throws(ConfigError) -> [Node]? {
        guard let node = node(key), !isNull(node) else { return nil }
        guard case .sequence(let sequence) = node else {
            throw .wrongType(file: file, line: node.mark?.line, key: keyPath(key), expected: "a list")
        }
        return Array(sequence)
    }

    /// Call last: any key present but never asked for is a mistake.
    func rejectUnknownKeys() throws(ConfigError) {
        for (key, _) in mapping {
            let name = key.string ?? "\(key)"
            if !asked.contains(name) {
                throw .unknownKey(file: file, line: key.mark?.line, key: keyPath(name), allowed: asked)
            }
        }
    }

    private func isNull(_ node: Node) -> Bool {
        if case .scalar(let scalar) = node, scalar.style == .plain,
           ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return true }
        return false
    }
}
