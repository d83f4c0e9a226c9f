public import Foundation
public import Logging

/// Log lines for the daemon. Under systemd (`$JOURNAL_STREAM` set) each line starts with its syslog
/// priority as `<N>` (sd-daemon(3)) and carries no timestamp, since journald stamps every line itself;
/// elsewhere, an ISO 8601 time and the level in words.
public struct DaemonLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String
    let journal: Bool

    public init(label: String, level: Logger.Level, journal: Bool) {
        self.label = label
        self.logLevel = level
        self.journal = journal
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote("\($0.value)"))" }.joined(separator: " ")
        let text = fields.isEmpty ? "\(event.message)" : "\(event.message) \(fields)"
        let line: String
        if journal {
            line = "<\(Self.priority(event.level))>\(text)\n"
        } else {
            line = "\(Date().formatted(.iso8601)) \(event.level) \(label): \(text)\n"
        }
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func quote(_ value: String) -> String {
        value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline })
            ? "\"" + value.replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
            : value
    }

    /// syslog(3) priorities.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// A logger for the daemon: level from `$FINEWS_LOG_LEVEL` (default info), journal format when
    /// systemd connected standard error to the journal.
    public static func logger(label: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> Logger {
        let level = environment["FINEWS_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let journal = environment["JOURNAL_STREAM"].map { !$0.isEmpty } ?? false
        return Logger(label: label) { label in DaemonLogHandler(label: label, level: level, journal: journal) }
    }
}
