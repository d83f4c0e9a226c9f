/// A configuration that cannot be used. Every case names the file, and where the YAML allows it the
/// line and the key path (`sources[1].kind`), so a user can go straight to the mistake.
public enum ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case yaml(file: String, line: Int?, column: Int?, problem: String)
    case unknownKey(file: String, line: Int?, key: String, allowed: [String])
    case wrongType(file: String, line: Int?, key: String, expected: String)
    case missingKey(file: String, line: Int?, key: String)
    case invalidValue(file: String, line: Int?, key: String, reason: String)
    case duplicateSourceID(file: String, line: Int?, id: String)
    /// An OPML subscription list (`opml:`) that cannot be used, with the line of the bad outline.
    case opml(file: String, line: Int?, problem: String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            "\(file): cannot read the configuration: \(reason)"
        case let .yaml(file, line, column, problem):
            "\(Self.place(file, line, column)): YAML error: \(problem)"
        case let .unknownKey(file, line, key, allowed):
            "\(Self.place(file, line)): unknown key '\(key)'"
                + (allowed.isEmpty ? "" : " (expected one of: \(allowed.joined(separator: ", ")))")
        case let .wrongType(file, line, key, expected):
            "\(Self.place(file, line)): '\(key)' must be \(expected)"
        case let .missingKey(file, line, key):
            "\(Self.place(file, line)): missing required key '\(key)'"
        case let .invalidValue(file, line, key, reason):
            "\(Self.place(file, line)): '\(key)': \(reason)"
        case let .duplicateSourceID(file, line, id):
            "\(Self.place(file, line)): duplicate source id '\(id)'"
        case let .opml(file, line, problem):
            "\(Self.place(file, line)): OPML: \(problem)"
        }
    }

    static func place(_ file: String, _ line: Int?, _ column: Int? = nil) -> String {
        var text = file
        if let line { text += ":\(line)" }
        if let column { text += ":\(column)" }
        return text
    }
}
