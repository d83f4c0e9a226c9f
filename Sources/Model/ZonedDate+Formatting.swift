import Foundation

extension ZonedDate {
    /// RFC 3339 (`2021-12-23T13:43:05+08:00`), `Z` for UTC.
    public var rfc3339: String {
        let zoned = writable
        let f = zoned.fields
        var text = ""
        text.reserveCapacity(25)
        Self.append(f.year, width: 4, to: &text)
        text.append("-")
        Self.append(f.month, width: 2, to: &text)
        text.append("-")
        Self.append(f.day, width: 2, to: &text)
        text.append("T")
        Self.appendTime(f, to: &text)
        Self.appendOffset(zoned.utcOffset, separator: ":", zulu: true, to: &text)
        return text
    }

    /// RFC 822 as updated by RFC 1123 (four-digit year), the form RSS 2.0 requires for `pubDate`.
    public var rfc822: String {
        let zoned = writable
        let f = zoned.fields
        var text = ""
        text.reserveCapacity(31)
        text.append(Self.weekdayNames[f.weekday - 1])
        text.append(", ")
        Self.append(f.day, width: 2, to: &text)
        text.append(" ")
        text.append(Self.monthNames[f.month - 1])
        text.append(" ")
        Self.append(f.year, width: 4, to: &text)
        text.append(" ")
        Self.appendTime(f, to: &text)
        text.append(" ")
        Self.appendOffset(zoned.utcOffset, separator: "", zulu: false, to: &text)
        return text
    }

    static func offsetString(_ seconds: Int, separator: String, zulu: Bool) -> String {
        var text = ""
        appendOffset(seconds, separator: separator, zulu: zulu, to: &text)
        return text
    }

    private static let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Calendar fields in the date's own offset; `weekday` 1 is Sunday, as in Foundation.
    struct Fields: Equatable {
        var year, month, day, hour, minute, second, weekday: Int
    }

    /// The first instant of the Gregorian calendar (1582-10-15T00:00:00Z), with a day's margin for
    /// offsets. Foundation's Gregorian calendar is Julian before it, so earlier dates keep going
    /// through Foundation and every date prints as it always has.
    static let gregorianStart: TimeInterval = -12_219_292_800 + 86_400

    /// The fields by civil-from-days arithmetic (proleptic Gregorian): the writers format every entry's
    /// dates, and a `Calendar` plus `String(format:)` per date cost more than the rest of the renderer.
    var fields: Fields {
        let seconds = date.timeIntervalSince1970
        guard seconds >= Self.gregorianStart, seconds.isFinite else { return foundationFields }
        let local = Int(seconds.rounded(.down)) + utcOffset
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = local - days * 86_400
        // Howard Hinnant's civil_from_days: days since 1970-01-01 to year, month, day.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        // 1970-01-01 was a Thursday (weekday 5).
        let weekday = ((days % 7) + 7 + 4) % 7 + 1
        return Fields(year: year, month: month, day: day, hour: secondOfDay / 3600, minute: secondOfDay % 3600 / 60,
                      second: secondOfDay % 60, weekday: weekday)
    }

    /// The fields as Foundation's Gregorian calendar gives them.
    var foundationFields: Fields {
        let c = components
        return Fields(year: c.year ?? 1, month: c.month ?? 1, day: c.day ?? 1, hour: c.hour ?? 0, minute: c.minute ?? 0,
                      second: c.second ?? 0, weekday: c.weekday ?? 1)
    }

    private static func appendTime(_ f: Fields, to text: inout String) {
        append(f.hour, width: 2, to: &text)
        text.append(":")
        append(f.minute, width: 2, to: &text)
        text.append(":")
        append(f.second, width: 2, to: &text)
    }

    private static func appendOffset(_ seconds: Int, separator: String, zulu: Bool, to text: inout String) {
        if seconds == 0 && zulu {
            text.append("Z")
            return
        }
        text.append(seconds < 0 ? "-" : "+")
        let minutes = abs(seconds) / 60
        append(minutes / 60, width: 2, to: &text)
        text.append(separator)
        append(minutes % 60, width: 2, to: &text)
    }

    /// A non-negative number in decimal, zero-padded to `width` digits (short strings, no allocation).
    private static func append(_ number: Int, width: Int, to text: inout String) {
        let digits = String(number)
        if digits.utf8.count < width { text.append(String(repeating: "0", count: width - digits.utf8.count)) }
        text.append(digits)
    }
}
