import Foundation
import Model

/// The `Retry-After` header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
public enum RetryAfter {
    /// When to try again, or nil if the value is neither form.
    public static func date(from value: String, now: Date) -> Date? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed) { return seconds >= 0 ? now.addingTimeInterval(Double(seconds)) : nil }
        if let seconds = HTTPDate.parse(trimmed) { return Date(timeIntervalSince1970: Double(seconds)) }
        return ObsoleteHTTPDate.parse(trimmed)
    }
}

/// The two obsolete HTTP-date forms a client must still accept (RFC 9110 §5.6.7): RFC 850 and asctime.
/// IMF-fixdate, the current form, is read by `Model.HTTPDate`.
enum ObsoleteHTTPDate {
    static func parse(_ text: String) -> Date? {
        // Both forms are short printable ASCII. Foundation's DateFormatter traps on some other text
        // ("Incorrect range CFRange", found by the dates fuzz harness), so nothing else reaches it.
        guard (10...40).contains(text.utf8.count), text.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else { return nil }
        for format in ["EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
