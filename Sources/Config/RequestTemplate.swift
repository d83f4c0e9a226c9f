import Foundation
import Model

/// The placeholders of a `json` source's URL, headers and body, filled at request time: `{now_ms}`
/// and `{now}` (epoch milliseconds and seconds: cache busters and `req_trace`), `{random}` (16
/// digits), `{today}` and `{today-N}` (`YYYY-MM-DD` in the source's zone, N days back: date ranges).
public enum RequestTemplate {
    public static let names = ["now_ms", "now", "random", "today", "today-N"]

    /// The placeholders in `text` that are none of the above (nil when all are known).
    static func unknownPlaceholder(in text: String, allowing extra: Set<String> = []) -> String? {
        for name in placeholders(in: text) where !extra.contains(name) && value(name, now: Date(timeIntervalSince1970: 0),
                                                                                 zone: .gmt, random: 0) == nil {
            return name
        }
        return nil
    }

    /// `{name}` where the name is a word, a dot path or `today-7`; JSON braces around it are not names.
    public static func placeholders(in text: String) -> [String] {
        guard text.contains("{") else { return [] }
        let matches = text.matches(of: #/\{([A-Za-z_][A-Za-z0-9_.\-]*)\}/#)
        return matches.map { String($0.output.1) }
    }

    /// `text` with every request placeholder filled; other braces are left alone. `random` is 0..<1.
    public static func expand(_ text: String, now: Date, zone: TimeZone, random: Double) -> String {
        var result = text
        for name in Set(placeholders(in: text)) {
            if let value = value(name, now: now, zone: zone, random: random) {
                result = result.replacingOccurrences(of: "{\(name)}", with: value)
            }
        }
        return result
    }

    private static func value(_ name: String, now: Date, zone: TimeZone, random: Double) -> String? {
        switch name {
        case "now_ms": return String(Int64((now.timeIntervalSince1970 * 1000).rounded(.down)))
        case "now": return String(Int64(now.timeIntervalSince1970.rounded(.down)))
        case "random": return String(format: "%016llu", UInt64(min(max(random, 0), 0.999_999_999) * 1e16))
        case "today": return day(now, zone: zone)
        default:
            guard name.hasPrefix("today-"), let days = Int(name.dropFirst("today-".count)), (0...3660).contains(days) else {
                return nil
            }
            return day(now.addingTimeInterval(-Double(days) * 86400), zone: zone)
        }
    }

    private static func day(_ date: Date, zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }
}

extension JSONSourceOptions.QuerySigner {
    /// The URL with its query signed, or nil when it is not a URL.
    public func sign(_ url: String) -> String? {
        guard var components = URLComponents(string: url) else { return nil }
        switch self {
        case .cls:
            var items = (components.percentEncodedQueryItems ?? []).filter { $0.name != "sign" }
            for (name, value) in [("appName", "CailianpressWeb"), ("os", "web"), ("sv", "7.7.5")]
                where !items.contains(where: { $0.name == name }) {
                items.append(URLQueryItem(name: name, value: value))
            }
            items.sort { $0.name < $1.name }
            let query = items.map { "\($0.name)=\($0.value ?? "")" }.joined(separator: "&")
            components.percentEncodedQuery = query + "&sign=" + Digest.md5Hex(Digest.sha1Hex(query))
            return components.string
        }
    }
}
