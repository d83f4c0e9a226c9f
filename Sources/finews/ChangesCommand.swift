import ArgumentParser
import Foundation
import Model
import Store

struct ChangesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes", abstract: "Show the change log: new, updated, removed and merged articles.")

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("Only changes at or after TIME: RFC 3339 or a date (2021-12-23), or an age such as 90m, 6h, 2d.",
                               valueName: "time"))
    var since: String?

    @Flag(help: "Print JSON Lines, the format of changes.jsonl.")
    var json = false

    func run() async throws {
        let config = try options.load()
        let archive = try options.openArchive(config)
        let start = try since.map { text throws -> Date in
            guard let date = Self.parseSince(text, now: Date(), zone: config.timeZone) else {
                throw CLIError.usage("--since: cannot read '\(text)' as a time (try 2021-12-23, 2021-12-23T13:00:00+08:00 or 6h)")
            }
            return date
        }
        var after: Int64 = 0
        while true {
            let events = try archive.changes(after: after, since: start, limit: 5_000)
            guard let last = events.last else { break }
            for event in events { print(line(event, zone: config.timeZone)) }
            after = last.id
        }
    }

    private func line(_ event: ChangeEvent, zone: TimeZone) -> String {
        let at = ZonedDate(date: event.at, timeZone: zone).rfc3339
        if json {
            var object: [String: Any] = ["id": event.id, "refresh": event.refreshID, "at": at, "kind": event.kind.rawValue,
                                         "article": event.articleID, "source": event.sourceID, "title": event.title]
            object["link"] = event.link
            object["detail"] = event.detail
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
        return "\(at)  \(event.kind.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))  \(event.sourceID)  \(event.title)"
            + (event.detail.map { "  (\($0))" } ?? "")
    }

    static func parseSince(_ text: String, now: Date, zone: TimeZone) -> Date? {
        if let zoned = ZonedDate.parse(text, defaultZone: zone) { return zoned.date }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]
        guard let unit = text.last, let factor = units[unit], let value = Double(text.dropLast()), value >= 0, value.isFinite else {
            return nil
        }
        return now.addingTimeInterval(-value * factor)
    }
}
