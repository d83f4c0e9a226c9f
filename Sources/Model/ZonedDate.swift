import Foundation

/// An instant together with the UTC offset it was written in.
///
/// Feeds must keep the offset a source gave (`+08:00` stays `+08:00` in Atom, RFC 3339 §5.6), so the
/// offset travels with the instant instead of being lost in a bare `Date`.
public struct ZonedDate: Sendable, Hashable, Codable, Comparable {
    public var date: Date
    /// Seconds east of UTC.
    public var utcOffset: Int

    public init(date: Date, utcOffset: Int) {
        self.date = date
        self.utcOffset = utcOffset
    }

    public init(date: Date, timeZone: TimeZone) {
        self.init(date: date, utcOffset: timeZone.secondsFromGMT(for: date))
    }

    public static func < (lhs: ZonedDate, rhs: ZonedDate) -> Bool { lhs.date < rhs.date }

    var timeZone: TimeZone { TimeZone(secondsFromGMT: utcOffset) ?? TimeZone(identifier: "UTC")! }

    /// Calendar fields in the date's own offset.
    public var components: DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
    }
}
