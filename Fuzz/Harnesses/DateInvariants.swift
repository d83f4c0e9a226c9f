import Foundation
import Model

extension Invariants {
    /// A date that feeds can carry: offset within ±18:00 in whole minutes, years 1...9999, and its
    /// RFC 3339 and RFC 822 forms well formed and read back as the same instant and offset.
    static func check(_ date: ZonedDate?, _ what: String) throws(InvariantBroken) {
        guard let date else { return }
        try check(ZonedDate.isValidOffset(date.utcOffset), "\(what): offset \(date.utcOffset) s")
        try check(ZonedDate.instantRange.contains(date.date.timeIntervalSince1970), "\(what): instant \(date.date)")
        let rfc3339 = date.rfc3339
        try check(rfc3339.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)/) != nil, "\(what): RFC 3339 '\(rfc3339)'")
        let rfc822 = date.rfc822
        try check(rfc822.wholeMatch(of: /[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+-]\d{4}/) != nil,
                  "\(what): RFC 822 '\(rfc822)'")
        for (form, text) in [("RFC 3339", rfc3339), ("RFC 822", rfc822)] {
            let back = ZonedDate.parse(text, defaultZone: shanghai)
            let whole = date.date.timeIntervalSince1970.rounded(.down)
            try check(back?.date.timeIntervalSince1970 == whole && back?.utcOffset == date.utcOffset,
                      "\(what): \(form) '\(text)' reads back as \(String(describing: back))")
        }
    }

    static func check(_ draft: ArticleDraft, _ what: String) throws(InvariantBroken) {
        try check(draft.published, "\(what) published")
    }
}
