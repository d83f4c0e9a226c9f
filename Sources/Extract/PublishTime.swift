import Foundation
import Model

/// Turns date candidates into a publish time: read in Asia/Shanghai unless an offset is given, and
/// never more than a day after the injected now nor before 1990 (issue 4).
struct PublishTime {
    let now: Date
    let zone: TimeZone
    /// Gregorian in `zone`, made once: a page asks for several candidates.
    private let calendar: Calendar

    init(now: Date, zone: TimeZone) {
        self.now = now
        self.zone = zone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        self.calendar = calendar
    }

    static let earliest = Date(timeIntervalSince1970: 631_152_000)   // 1990-01-01T00:00:00Z

    func plausible(_ date: ZonedDate) -> ZonedDate? {
        guard date.date >= Self.earliest, date.date <= now.addingTimeInterval(86_400) else { return nil }
        return date
    }

    /// A machine-readable value from a meta, JSON-LD or `<time>`.
    func parse(_ value: String) -> ZonedDate? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if let date = ZonedDate.parse(trimmed, defaultZone: zone) { return plausible(date) }
        if let digits = Int(trimmed), trimmed.count == 10 || trimmed.count == 13 {   // Unix seconds or ms
            let seconds = trimmed.count == 13 ? Double(digits) / 1000 : Double(digits)
            return ZonedDate(validating: Date(timeIntervalSince1970: seconds), timeZone: zone).flatMap(plausible)
        }
        return DateScanner.scan(trimmed).first.flatMap { resolve($0, yearHint: nil) }
    }

    /// A date found in text; `yearHint` supplies the year of a bare `12月23日`.
    func resolve(_ found: DateScanner.Found, yearHint: Int?) -> ZonedDate? {
        var year = found.year ?? yearHint ?? calendar.component(.year, from: now)
        var components = DateComponents(year: year, month: found.month, day: found.day,
                                        hour: found.hour ?? 0, minute: found.minute ?? 0, second: found.second ?? 0)
        guard var date = calendar.date(from: components), calendar.component(.day, from: date) == found.day else {
            return nil
        }
        if found.year == nil && yearHint == nil && date > now.addingTimeInterval(86_400) {
            year -= 1
            components.year = year
            guard let earlier = calendar.date(from: components) else { return nil }
            date = earlier
        }
        return ZonedDate(validating: date, timeZone: zone).flatMap(plausible)
    }

    /// `/2024-05/13/`, `/20240509/`, `/2021/12/23/`, `2016-05-25` in a URL's path.
    static func dateInURL(_ url: String?) -> DateScanner.Found? {
        guard let url else { return nil }
        let path = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        let dashed = String(decoding: path.utf8.map { $0 == UInt8(ascii: "/") ? UInt8(ascii: "-") : $0 }, as: UTF8.self)
        if let found = DateScanner.scan(dashed).first(where: { $0.year != nil }) {
            return found
        }
        let scalars = Array(path.unicodeScalars)
        var index = 0
        while index + 8 <= scalars.count {
            let window = scalars[index..<(index + 8)]
            let isolated = (index == 0 || !("0"..."9").contains(scalars[index - 1]))
                && (index + 8 == scalars.count || !("0"..."9").contains(scalars[index + 8]))
            if isolated, window.allSatisfy({ ("0"..."9").contains($0) }),
               let value = Int(String(String.UnicodeScalarView(window))) {
                let year = value / 10000, month = value / 100 % 100, day = value % 100
                if (1990...2100).contains(year), (1...12).contains(month), (1...31).contains(day) {
                    return DateScanner.Found(year: year, month: month, day: day, offset: index)
                }
            }
            index += 1
        }
        return nil
    }
}
