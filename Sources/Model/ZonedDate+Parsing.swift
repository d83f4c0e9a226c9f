import Foundation

extension ZonedDate {
    /// Parses the date forms found in front matter and feeds: RFC 3339 / ISO 8601
    /// (`2021-12-23T13:43:05+08:00`, `2021-12-23`), Jekyll's `2021-12-23 13:43:05 +0800`, and RFC 822 /
    /// RFC 1123 (`Fri, 09 Apr 2021 18:10:00 GMT`). A form without an offset is read in `defaultZone`.
    public static func parse(_ text: String, defaultZone: TimeZone) -> ZonedDate? {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { return nil }
        return parseNumeric(trimmed, defaultZone: defaultZone) ?? parseRFC822(trimmed)
    }

    private static func number(_ scalars: ArraySlice<Character>) -> Int? {
        Int(String(scalars))
    }

    /// `YYYY-MM-DD[(T| )hh:mm[:ss[.fff]]][ ][Z|±hh[:]mm]`
    private static func parseNumeric(_ text: String, defaultZone: TimeZone) -> ZonedDate? {
        let chars = Array(text)
        var i = 0
        func digits(_ count: Int) -> Int? {
            guard i + count <= chars.count else { return nil }
            let slice = chars[i..<(i + count)]
            guard slice.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            i += count
            return number(slice)
        }
        func skip(_ c: Character) -> Bool {
            if i < chars.count && chars[i] == c { i += 1; return true }
            return false
        }
        guard let year = digits(4), skip("-") || skip("/"), let month = oneOrTwoDigits(chars, &i),
              skip("-") || skip("/"), let day = oneOrTwoDigits(chars, &i) else { return nil }
        var hour = 0, minute = 0, second = 0
        var offset: Int?
        if i < chars.count && (chars[i] == "T" || chars[i] == " ") {
            i += 1
            guard let h = oneOrTwoDigits(chars, &i), skip(":"), let m = digits(2) else { return nil }
            hour = h; minute = m
            if skip(":") {
                guard let s = digits(2) else { return nil }
                second = s
                if skip(".") || skip(",") {
                    while i < chars.count && chars[i].isASCII && chars[i].isNumber { i += 1 }
                }
            }
            _ = skip(" ")
            if skip("Z") || skip("z") {
                offset = 0
            } else if i < chars.count && (chars[i] == "+" || chars[i] == "-") {
                let sign = chars[i] == "-" ? -1 : 1
                i += 1
                guard let oh = digits(2) else { return nil }
                _ = skip(":")
                let om = digits(2) ?? 0
                guard let seconds = offsetSeconds(sign: sign, hours: oh, minutes: om) else { return nil }
                offset = seconds
            } else if text[text.index(text.startIndex, offsetBy: i)...].uppercased() == "UTC"
                        || text[text.index(text.startIndex, offsetBy: i)...].uppercased() == "GMT" {
                offset = 0
                i = chars.count
            }
        }
        guard i == chars.count else { return nil }
        let zone: TimeZone
        if let offset {
            guard let fixed = TimeZone(secondsFromGMT: offset) else { return nil }
            zone = fixed
        } else {
            zone = defaultZone
        }
        guard let date = instant(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                                 in: zone) else { return nil }
        return ZonedDate(validating: date, utcOffset: offset ?? defaultZone.secondsFromGMT(for: date))
    }

    /// An offset as written (`+08:00`), or nil when no zone has it: hours beyond 18, minutes beyond 59.
    private static func offsetSeconds(sign: Int, hours: Int, minutes: Int) -> Int? {
        guard (0...59).contains(minutes) else { return nil }
        let seconds = sign * (hours * 3600 + minutes * 60)
        return ZonedDate.isValidOffset(seconds) ? seconds : nil
    }

    /// The instant of calendar fields in `zone`, or nil for fields no calendar has (month 13, 31 April,
    /// 25 o'clock, year 0 or beyond 9999): Foundation's calendar would roll them over silently.
    public static func instant(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                               in zone: TimeZone) -> Date? {
        guard (1...9999).contains(year), (1...12).contains(month), (1...31).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(timeZone: zone, year: year, month: month, day: day,
                                        hour: hour, minute: minute, second: second)
        guard let date = calendar.date(from: components),
              calendar.component(.day, from: date) == day else { return nil }
        return date
    }

    private static func oneOrTwoDigits(_ chars: [Character], _ i: inout Int) -> Int? {
        var value = 0, count = 0
        while i < chars.count, count < 2, chars[i].isASCII, let d = chars[i].wholeNumberValue {
            value = value * 10 + d; i += 1; count += 1
        }
        return count == 0 ? nil : value
    }

    /// RFC 822 §5 with RFC 1123's four-digit years; the weekday is optional and unchecked, as feed
    /// readers do, because publishers get it wrong.
    private static func parseRFC822(_ text: String) -> ZonedDate? {
        // Commas count as spaces (`Fri,09 Apr`); split directly rather than through Foundation's replace.
        var parts = text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        if let first = parts.first, Int(first) == nil { parts.removeFirst() }
        guard parts.count >= 4, parts[2].allSatisfy({ $0.isASCII && $0.isNumber }),
              let day = Int(parts[0]), var year = Int(parts[2]) else { return nil }
        guard let monthIndex = rfc822Months.firstIndex(of: String(parts[1].lowercased().prefix(3))) else { return nil }
        // RFC 822's two-digit years; a four-digit `0004` is the year 4 (RFC 1123 §5.2.14).
        if parts[2].count <= 2 { year += year < 50 ? 2000 : 1900 }
        let time = parts[3].split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard (2...3).contains(time.count), time.allSatisfy({ $0 != nil }) else { return nil }
        let offset = parts.count > 4 ? rfc822Offset(parts[4]) : 0
        guard let offset, let zone = TimeZone(secondsFromGMT: offset),
              let date = instant(year: year, month: monthIndex + 1, day: day, hour: time[0] ?? -1,
                                 minute: time[1] ?? -1, second: time.count > 2 ? time[2] ?? -1 : 0, in: zone)
        else { return nil }
        return ZonedDate(validating: date, utcOffset: offset)
    }

    private static let rfc822Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let rfc822Zones = ["UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5,
                                      "MST": -7, "MDT": -6, "PST": -8, "PDT": -7]

    private static func rfc822Offset(_ zone: String) -> Int? {
        if let hours = rfc822Zones[zone.uppercased()] { return hours * 3600 }
        let chars = Array(zone)
        guard chars.count == 5, chars[0] == "+" || chars[0] == "-",
              chars[1...4].allSatisfy({ $0.isASCII && $0.isNumber }),
              let hh = Int(String(chars[1...2])), let mm = Int(String(chars[3...4])) else { return nil }
        return offsetSeconds(sign: chars[0] == "-" ? -1 : 1, hours: hh, minutes: mm)
    }
}
