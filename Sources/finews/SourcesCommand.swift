import ArgumentParser
import Config
import Foundation
import Model
import Store

struct SourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "Show each configured source's health: last attempt and success, HTTP status, last error, "
            + "consecutive failures and when it is due again.")

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print JSON Lines: one object per source.")
    var json = false

    /// One source as printed; absent values are null so every line has every key.
    struct Line: Encodable {
        var id: String
        var kind: String
        var enabled: Bool
        var url: String?
        var last_attempt: String?
        var last_success: String?
        var http_status: Int?
        var last_error: String?
        var consecutive_failures: Int
        var next_attempt: String?

        enum CodingKeys: String, CodingKey {
            case id, kind, enabled, url, last_attempt, last_success, http_status, last_error, consecutive_failures,
                 next_attempt
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(kind, forKey: .kind)
            try container.encode(enabled, forKey: .enabled)
            try container.encode(url, forKey: .url)
            try container.encode(last_attempt, forKey: .last_attempt)
            try container.encode(last_success, forKey: .last_success)
            try container.encode(http_status, forKey: .http_status)
            try container.encode(last_error, forKey: .last_error)
            try container.encode(consecutive_failures, forKey: .consecutive_failures)
            try container.encode(next_attempt, forKey: .next_attempt)
        }
    }

    func run() async throws {
        let config = try options.load()
        let archive = try options.openArchive(config)
        let health = Dictionary(try archive.sourceHealth().map { ($0.sourceID, $0) }, uniquingKeysWith: { $1 })
        let zone = config.timeZone
        func stamp(_ date: Date?) -> String? { date.map { ZonedDate(date: $0, timeZone: zone).rfc3339 } }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for source in config.sources {
            let state = health[source.id]
            let line = Line(id: source.id, kind: source.kind.rawValue, enabled: source.enabled,
                            url: source.url ?? source.path?.path, last_attempt: stamp(state?.lastAttempt),
                            last_success: stamp(state?.lastSuccess), http_status: state?.httpStatus,
                            last_error: state?.lastError, consecutive_failures: state?.consecutiveFailures ?? 0,
                            next_attempt: stamp(state?.nextAttempt))
            if json {
                print(String(decoding: try encoder.encode(line), as: UTF8.self))
            } else {
                printText(line)
            }
        }
    }

    private func printText(_ line: Line) {
        let state: String
        if line.last_attempt == nil {
            state = "never refreshed"
        } else if line.last_error != nil {
            state = "failing (\(line.consecutive_failures) in a row"
                + (line.last_success.map { ", last success \($0))" } ?? ", never succeeded)")
        } else {
            state = "ok, last success \(line.last_success ?? "-")"
        }
        let status = line.http_status.map { ", HTTP \($0)" } ?? ""
        let next = line.next_attempt.map { "; next \($0)" } ?? ""
        print("\(line.id) (\(line.kind)\(line.enabled ? "" : ", disabled")\(status)): \(state)\(next)")
        if let error = line.last_error { print("  error: \(error)") }
    }
}
