import Foundation

extension ZonedDate {
    /// Parses the date forms found in front matter and feeds: RFC 3339 / ISO 8601
    /// (`2021-12-23T13:43:05+08:00`, `2021-12-23`), Jekyll's `2021-12-23 13:43:05 +0800`, and RFC 822 /
    /// RFC 1123 (`Fri, 09 Apr 2021 18:10:00 GMT`). A form without an offset is read in `defaultZone`.
    public static func parse(_ text: String, defaultZone: TimeZone) -> ZonedDate? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
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
                offset = sign * (oh * 3600 + om * 60)
            } else if text[text.index(text.startIndex, offsetBy: i)...].uppercased() == "UTC"
                        || text[text.index(text.startIndex, offsetBy: i)...].uppercased() == "GMT" {
                offset = 0
                i = chars.count
            }
        }
        guard i == chars.count else { return nil }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else {
            return nil
        }
        var components = DateComponents(year: year, month: month, day: day,
                                        hour: hour, minute: minute, second: second)
        var calendar = Calendar(identifier: .gregorian)
        let zone = offset.flatMap { TimeZone(secondsFromGMT: $0) } ?? defaultZone
        calendar.timeZone = zone
        components.timeZone = zone
        guard let date = calendar.date(from: components),
              calendar.component(.day, from: date) == day else { return nil }
        return ZonedDate(date: date, utcOffset: offset ?? defaultZone.secondsFromGMT(for: date))
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
        var parts = text.replacingOccurrences(of: ",", with: " ")
            .split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if let first = parts.first, Int(first) == nil { parts.removeFirst() }
        guard parts.count >= 4, let day = Int(parts[0]), var year = Int(parts[2]) else { return nil }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard let monthIndex = months.firstIndex(of: String(parts[1].lowercased().prefix(3))) else { return nil }
        if year < 100 { year += year < 50 ? 2000 : 1900 }
        let time = parts[3].split(separator: ":").compactMap { Int($0) }
        guard time.count >= 2 else { return nil }
        let offset = parts.count > 4 ? rfc822Offset(parts[4]) : 0
        guard let offset else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: offset)!
        let components = DateComponents(year: year, month: monthIndex + 1, day: day, hour: time[0],
                                        minute: time[1], second: time.count > 2 ? time[2] : 0)
        guard let date = calendar.date(from: components) else { return nil }
        return ZonedDate(date: date, utcOffset: offset)
    }

    private static func rfc822Offset(_ zone: String) -> Int? {
        let named = ["UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5,
                     "MST": -7, "MDT": -6, "PST": -8, "PDT": -7]
        if let hours = named[zone.uppercased()] { return hours * 3600 }
        let chars = Array(zone)
        guard chars.count == 5, chars[0] == "+" || chars[0] == "-",
              let hh = Int(String(chars[1...2])), let mm = Int(String(chars[3...4])) else { return nil }
        return (chars[0] == "-" ? -1 : 1) * (hh * 3600 + mm * 60)
    }
}
