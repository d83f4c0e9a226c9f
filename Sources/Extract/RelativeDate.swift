import Foundation
import Model

/// The relative times of aggregator and portal pages shown while an article is fresh: `刚刚`,
/// `5分钟前`, `3小时前`, `2天前`, `今天 13:43`, `昨天 08:05`, `前天 21:00`. They mean something only
/// against the moment the page was fetched, which the injected clock stands for.
enum RelativeDate {
    static func first(in text: String, now: Date, zone: TimeZone) -> ZonedDate? {
        guard text.contains(where: { "前天刚".contains($0) }) else { return nil }
        let scalars = Array(text.unicodeScalars)
        for index in scalars.indices {
            if let date = read(scalars, at: index, now: now, zone: zone) { return date }
        }
        return nil
    }

    private static func read(_ scalars: [Unicode.Scalar], at index: Int, now: Date, zone: TimeZone) -> ZonedDate? {
        if matches(scalars, index, "刚刚") { return ZonedDate(date: now, timeZone: zone) }
        for (word, days) in [("今天", 0), ("昨天", 1), ("前天", 2)] where matches(scalars, index, word) {
            guard let (hour, minute) = clock(scalars, from: index + 2) else { return nil }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            guard let day = calendar.date(byAdding: .day, value: -days, to: calendar.startOfDay(for: now)),
                  let date = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: day) else { return nil }
            return ZonedDate(validating: date, timeZone: zone)
        }
        guard index == 0 || !isDigit(scalars[index - 1]), let (count, end) = number(scalars, from: index) else {
            return nil
        }
        let units: [(String, Double)] = [("分钟前", 60), ("小时前", 3600), ("天前", 86_400)]
        for (word, seconds) in units where matches(scalars, end, word) {
            return ZonedDate(validating: now.addingTimeInterval(-Double(count) * seconds), timeZone: zone)
        }
        return nil
    }

    /// ` 13:43` after the day word, blanks allowed.
    private static func clock(_ scalars: [Unicode.Scalar], from start: Int) -> (Int, Int)? {
        var index = start
        while index < scalars.count, index - start < 2, scalars[index].properties.isWhitespace { index += 1 }
        guard let (hour, colon) = number(scalars, from: index), hour < 24, colon < scalars.count,
              scalars[colon] == ":" || scalars[colon] == "：",
              let (minute, end) = number(scalars, from: colon + 1), end - colon == 3, minute < 60 else { return nil }
        return (hour, minute)
    }

    private static func number(_ scalars: [Unicode.Scalar], from start: Int) -> (Int, Int)? {
        var value = 0
        var index = start
        while index < scalars.count, index - start < 3, isDigit(scalars[index]) {
            value = value * 10 + Int(scalars[index].value - 0x30)
            index += 1
        }
        guard index > start, index == scalars.count || !isDigit(scalars[index]) else { return nil }
        return (value, index)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func matches(_ scalars: [Unicode.Scalar], _ index: Int, _ word: String) -> Bool {
        var position = index
        for scalar in word.unicodeScalars {
            guard position < scalars.count, scalars[position] == scalar else { return false }
            position += 1
        }
        return true
    }
}
