/// Finds the date forms of Chinese news pages in running text: `2021年12月23日 13:43`,
/// `2021-12-23 13:43:05`, `2021/12/23`, `2005.07.18`, and `12月23日 13:43` with the year from context.
/// A hand-written scanner rather than a regular expression: it runs over every text near the title.
struct DateScanner {
    struct Found: Equatable {
        var year: Int?
        var month: Int
        var day: Int
        var hour: Int?
        var minute: Int?
        var second: Int?
        /// Offset of the first digit, in Unicode scalars.
        var offset: Int
    }

    private let scalars: [Unicode.Scalar]

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    static func scan(_ text: String) -> [Found] {
        guard text.unicodeScalars.contains(where: { ("0"..."9").contains($0) || ("０"..."９").contains($0) }) else {
            return []
        }
        return DateScanner(text).all()
    }

    func all() -> [Found] {
        var found: [Found] = []
        var index = 0
        while index < scalars.count {
            guard digit(at: index) != nil, index == 0 || digit(at: index - 1) == nil else { index += 1; continue }
            if let (date, end) = fullDate(at: index) ?? monthDay(at: index) ?? americanDate(at: index) {
                found.append(date)
                index = end
            } else {
                while index < scalars.count, digit(at: index) != nil { index += 1 }
            }
        }
        return found
    }

    private func digit(at index: Int) -> Int? {
        guard index >= 0, index < scalars.count else { return nil }
        let value = scalars[index].value
        if (0x30...0x39).contains(value) { return Int(value - 0x30) }
        if (0xFF10...0xFF19).contains(value) { return Int(value - 0xFF10) }   // full-width digits
        return nil
    }

    /// Reads 1…`maximum` digits at `index`.
    private func number(at index: Int, maximum: Int) -> (value: Int, end: Int)? {
        var value = 0
        var end = index
        while end < scalars.count, end - index < maximum, let d = digit(at: end) {
            value = value * 10 + d
            end += 1
        }
        guard end > index, digit(at: end) == nil else { return nil }
        return (value, end)
    }

    private func isScalar(_ index: Int, in set: String) -> Bool {
        index < scalars.count && set.unicodeScalars.contains(scalars[index])
    }

    private func fullDate(at index: Int) -> (Found, Int)? {
        guard let year = number(at: index, maximum: 4), year.end - index == 4, (1990...2100).contains(year.value),
              isScalar(year.end, in: "-/.年") else { return nil }
        guard let month = number(at: year.end + 1, maximum: 2), (1...12).contains(month.value),
              isScalar(month.end, in: "-/.月") else { return nil }
        guard let day = number(at: month.end + 1, maximum: 2), (1...31).contains(day.value) else { return nil }
        var end = day.end
        if isScalar(end, in: "日号") { end += 1 }
        var found = Found(year: year.value, month: month.value, day: day.value, offset: index)
        end = time(after: end, into: &found)
        return (found, end)
    }

    private func monthDay(at index: Int) -> (Found, Int)? {
        // `1975年1月28日`: the year is given (and out of range), so this is no bare month and day.
        guard index == 0 || scalars[index - 1] != "年", let month = number(at: index, maximum: 2), (1...12).contains(month.value), isScalar(month.end, in: "月"),
              let day = number(at: month.end + 1, maximum: 2), (1...31).contains(day.value),
              isScalar(day.end, in: "日号") else { return nil }
        var found = Found(year: nil, month: month.value, day: day.value, offset: index)
        let end = time(after: day.end + 1, into: &found)
        return (found, end)
    }

    /// `9/17/2004 5:54:13 AM`, as ASP pages of the 2000s print `DateTime.Now`.
    private func americanDate(at index: Int) -> (Found, Int)? {
        guard let month = number(at: index, maximum: 2), (1...12).contains(month.value), isScalar(month.end, in: "/"),
              let day = number(at: month.end + 1, maximum: 2), (1...31).contains(day.value), isScalar(day.end, in: "/"),
              let year = number(at: day.end + 1, maximum: 4), year.end - day.end == 5,
              (1990...2100).contains(year.value) else { return nil }
        var found = Found(year: year.value, month: month.value, day: day.value, offset: index)
        var end = time(after: year.end, into: &found)
        if let hour = found.hour, end + 2 < scalars.count, scalars[end] == " " {
            let marker = String(String.UnicodeScalarView(scalars[(end + 1)...(end + 2)])).uppercased()
            if marker == "PM" || marker == "AM" {
                found.hour = marker == "PM" ? (hour % 12) + 12 : hour % 12
                end += 3
            }
        }
        return (found, end)
    }

    /// An optional time after a date: ` 13:43`, `T13:43:05`, `13时43分`, `　13：43`.
    private func time(after start: Int, into found: inout Found) -> Int {
        var index = start
        while index < scalars.count, index - start < 3, isScalar(index, in: " \u{A0}\u{3000}T\t\n") { index += 1 }
        guard let hour = number(at: index, maximum: 2), hour.value < 24, isScalar(hour.end, in: ":：时点"),
              let minute = number(at: hour.end + 1, maximum: 2), minute.end - hour.end == 3, minute.value < 60
        else { return start }
        found.hour = hour.value
        found.minute = minute.value
        var end = minute.end
        if isScalar(end, in: ":：分"), let second = number(at: end + 1, maximum: 2), second.value < 61 {
            found.second = second.value
            end = second.end
        } else if isScalar(end, in: "分") {
            end += 1
        }
        return end
    }

    /// The month of a monthly issue, `1998年3月号`, `1998年第3期`, as the 1st of that month: a last
    /// resort when no day is given anywhere (a monthly's issue number is its month).
    static func monthOnly(in text: String) -> Found? {
        guard text.contains("年") else { return nil }
        return DateScanner(text).firstMonthOnly()
    }

    private func firstMonthOnly() -> Found? {
        var index = 0
        while index < scalars.count {
            defer { index += 1 }
            guard index == 0 || digit(at: index - 1) == nil,
                  let year = number(at: index, maximum: 4), year.end - index == 4, (1990...2100).contains(year.value),
                  isScalar(year.end, in: "年") else { continue }
            var position = year.end + 1
            while isScalar(position, in: " \u{3000}") { position += 1 }
            let issue = isScalar(position, in: "第")
            if issue { position += 1 }
            guard let month = number(at: position, maximum: 2), (1...12).contains(month.value) else { continue }
            // An issue, not a sentence's month: `3月号`, `3月刊`, `第3期`, `3期`.
            let monthly = isScalar(month.end, in: "月") && isScalar(month.end + 1, in: "号刊期")
            guard monthly || isScalar(month.end, in: "期") else { continue }
            return Found(year: year.value, month: month.value, day: 1, offset: index)
        }
        return nil
    }
}
