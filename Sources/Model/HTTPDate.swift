import Foundation

/// IMF-fixdate (RFC 9110 §5.6.7), the one form a server sends: `Sun, 06 Nov 1994 08:49:37 GMT`.
/// Shared by the server (Last-Modified, If-Modified-Since) and the fetch stage (Retry-After).
public enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public static func format(secondsSince1970 seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }

    /// Reads IMF-fixdate only; the obsolete RFC 850 and asctime forms are ignored, which RFC 9110 §13.1.3
    /// allows (an unreadable If-Modified-Since is disregarded and the full answer sent).
    public static func parse(_ text: String) -> Int? {
        let fields = text.split(separator: " ")
        guard fields.count == 6, fields[5] == "GMT", let day = Int(fields[1]),
              let month = months.firstIndex(of: String(fields[2])), let year = Int(fields[3]) else { return nil }
        let clock = fields[4].split(separator: ":", omittingEmptySubsequences: false).compactMap { Int($0) }
        // IMF-fixdate's fields are two digits and a four-digit year (RFC 9110 §5.6.7); anything wider would
        // overflow `tm`'s Int32 fields, and a client's If-Modified-Since must not be able to trap the server.
        guard clock.count == 3, (1...31).contains(day), (0...9999).contains(year), (0...23).contains(clock[0]),
              (0...59).contains(clock[1]), (0...60).contains(clock[2]) else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(clock[0])
        parts.tm_min = Int32(clock[1])
        parts.tm_sec = Int32(clock[2])
        return Int(timegm(&parts))
    }
}
