import Foundation
import Model

/// Dates as feeds write them: RFC 822 and ISO 8601 through `ZonedDate.parse`, plus the Chinese
/// `2025年6月3日 09:30` form some CMSs emit, read in the source's zone.
package enum FeedDate {
    package static func parse(_ text: String, timeZone: TimeZone) -> ZonedDate? {
        if let date = ZonedDate.parse(text, defaultZone: timeZone) { return date }
        return chinese(text, timeZone: timeZone)
    }

    private static func chinese(_ text: String, timeZone: TimeZone) -> ZonedDate? {
        let numbers = text.split { !$0.isASCII || !$0.isNumber }.compactMap { Int($0) }
        guard text.contains("年"), numbers.count >= 3, numbers[0] > 1900 else { return nil }
        guard let date = ZonedDate.instant(year: numbers[0], month: numbers[1], day: numbers[2],
                                           hour: numbers.count > 3 ? numbers[3] : 0,
                                           minute: numbers.count > 4 ? numbers[4] : 0,
                                           second: numbers.count > 5 ? numbers[5] : 0, in: timeZone) else { return nil }
        return ZonedDate(validating: date, timeZone: timeZone)
    }
}
