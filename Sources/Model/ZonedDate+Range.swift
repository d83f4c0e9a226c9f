import Foundation

extension ZonedDate {
    /// The widest UTC offset there is (ISO 8601 and Foundation's `TimeZone` stop at ±18:00); feeds that
    /// carry more fail RFC 3339 / RFC 822 validation.
    public static let offsetLimit = 18 * 3600

    /// Instants whose calendar date stays within years 1...9999 in every allowed offset: the years
    /// RFC 3339's four-digit `date-fullyear` and RFC 1123's `4DIGIT` can write.
    public static let instantRange: ClosedRange<TimeInterval> = -62_135_596_800 + 86_400 ... 253_402_300_799 - 86_400

    /// A date as read from outside text, or nil when no feed could carry it: an offset beyond ±18:00
    /// or not a whole minute, an instant that is not finite or outside years 1...9999.
    public init?(validating date: Date, utcOffset: Int) {
        guard Self.isValidOffset(utcOffset), Self.instantRange.contains(date.timeIntervalSince1970) else { return nil }
        self.init(date: date, utcOffset: utcOffset)
    }

    /// `init(validating:utcOffset:)` in the offset `zone` has at `date`.
    public init?(validating date: Date, timeZone: TimeZone) {
        guard date.timeIntervalSince1970.isFinite else { return nil }
        self.init(validating: date, utcOffset: timeZone.secondsFromGMT(for: date))
    }

    public static func isValidOffset(_ seconds: Int) -> Bool {
        abs(seconds) <= offsetLimit && seconds % 60 == 0
    }

    /// What the writers print: the date itself when valid; otherwise (a row stored by an older finews)
    /// the same instant in UTC, held within the writable years.
    var writable: ZonedDate {
        let seconds = date.timeIntervalSince1970
        let instant = seconds.isNaN ? 0 : min(max(seconds, Self.instantRange.lowerBound), Self.instantRange.upperBound)
        let offset = Self.isValidOffset(utcOffset) ? utcOffset : 0
        return ZonedDate(date: Date(timeIntervalSince1970: instant), utcOffset: offset)
    }
}
