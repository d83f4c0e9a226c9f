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
            if let (date, end) = read(scalars, at: index, now: now, zone: zone),
               standsAlone(scalars, from: index, to: end) {
                return date
            }
        }
        return nil
    }

    /// A relative time means the page's time only as a line of its own or after a date label
    /// (`发布时间：刚刚`, `发布于 3小时前`); inside a sentence (`公司刚刚宣布`) it is the story's.
    static func standsAlone(_ scalars: [Unicode.Scalar], from start: Int, to end: Int) -> Bool {
        var before = start - 1
        while before >= 0, scalars[before].properties.isWhitespace { before -= 1 }
        let opened: Bool
        if before < 0 || before < start - 1 {
            opened = true   // the text's start, or after a blank: a piece of its own
        } else if scalars[before] == ":" || scalars[before] == "：" {
            opened = labels.contains { endsWith(scalars, at: before - 1, $0) }
        } else {
            opened = separators.contains(scalars[before]) || labels.contains { endsWith(scalars, at: before, $0) }
        }
        guard opened else { return false }
        guard end < scalars.count else { return true }
        let next = scalars[end]
        return next.properties.isWhitespace || separators.contains(next)
            || ["发布", "更新", "发表"].contains { matches(scalars, end, $0) }
    }

    private static let separators: Set<Unicode.Scalar> = [
        "|", "｜", "丨", "·", "/", "／", ",", "，", "、", "(", ")", "（", "）", "[", "]", "【", "】", "-", "—", ".", "。",
    ]
    private static let labels = ["时间", "日期", "发布", "发表", "更新", "于"]

    private static func endsWith(_ scalars: [Unicode.Scalar], at last: Int, _ word: String) -> Bool {
        let count = word.unicodeScalars.count
        guard last - count + 1 >= 0 else { return false }
        return matches(scalars, last - count + 1, word)
    }

    /// The time a relative form at `index` stands for, and where the form ends.
    private static func read(_ scalars: [Unicode.Scalar], at index: Int, now: Date, zone: TimeZone) -> (ZonedDate, Int)? {
        if matches(scalars, index, "刚刚") { return (ZonedDate(date: now, timeZone: zone), index + 2) }
        for (word, days) in [("今天", 0), ("昨天", 1), ("前天", 2)] where matches(scalars, index, word) {
            guard let (hour, minute, end) = clock(scalars, from: index + 2) else { return nil }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            guard let day = calendar.date(byAdding: .day, value: -days, to: calendar.startOfDay(for: now)),
                  let date = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: day) else { return nil }
            guard let zoned = ZonedDate(validating: date, timeZone: zone) else { return nil }
            return (zoned, end)
        }
        guard index == 0 || !isDigit(scalars[index - 1]), let (count, end) = number(scalars, from: index) else {
            return nil
        }
        let units: [(String, Double)] = [("分钟前", 60), ("小时前", 3600), ("天前", 86_400)]
        for (word, seconds) in units where matches(scalars, end, word) {
            guard let zoned = ZonedDate(validating: now.addingTimeInterval(-Double(count) * seconds), timeZone: zone)
            else { return nil }
            return (zoned, end + word.unicodeScalars.count)
        }
        return nil
    }

    /// ` 13:43` after the day word, blanks allowed.
    private static func clock(_ scalars: [Unicode.Scalar], from start: Int) -> (Int, Int, Int)? {
        var index = start
        while index < scalars.count, index - start < 2, scalars[index].properties.isWhitespace { index += 1 }
        guard let (hour, colon) = number(scalars, from: index), hour < 24, colon < scalars.count,
              scalars[colon] == ":" || scalars[colon] == "：",
              let (minute, end) = number(scalars, from: colon + 1), end - colon == 3, minute < 60 else { return nil }
        return (hour, minute, end)
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
