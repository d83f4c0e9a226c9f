import Foundation

extension ZonedDate {
    /// RFC 3339 (`2021-12-23T13:43:05+08:00`), `Z` for UTC.
    public var rfc3339: String {
        let zoned = writable
        let c = zoned.components
        let base = String(format: "%04d-%02d-%02dT%02d:%02d:%02d",
                          c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
        return base + Self.offsetString(zoned.utcOffset, separator: ":", zulu: true)
    }

    /// RFC 822 as updated by RFC 1123 (four-digit year), the form RSS 2.0 requires for `pubDate`.
    public var rfc822: String {
        let zoned = writable
        let c = zoned.components
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return String(format: "%@, %02d %@ %04d %02d:%02d:%02d ",
                      weekdays[c.weekday! - 1], c.day!, months[c.month! - 1], c.year!,
                      c.hour!, c.minute!, c.second!)
            + Self.offsetString(zoned.utcOffset, separator: "", zulu: false)
    }

    static func offsetString(_ seconds: Int, separator: String, zulu: Bool) -> String {
        if seconds == 0 && zulu { return "Z" }
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return String(format: "%@%02d%@%02d", sign, minutes / 60, separator, minutes % 60)
    }
}
