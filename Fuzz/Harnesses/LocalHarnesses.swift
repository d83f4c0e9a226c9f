import Config
import Foundation
import Model
import Refresh

/// `finews.yaml`: any text either loads into a configuration whose numbers are finite and sane or is
/// refused with a `ConfigError`.
enum ConfigHarness {
    static let file = URL(fileURLWithPath: "/nonexistent/finews-fuzz/finews.yaml")

    static func run(_ data: Data) throws(InvariantBroken) {
        let config: FinewsConfig
        do {
            config = try FinewsConfig.parse(String(decoding: data, as: UTF8.self), file: file)
        } catch {
            return
        }
        for source in config.sources {
            try Invariants.check(source.interval.isFinite && source.interval > 0 && source.interval <= 366 * 86400,
                                 "source \(source.id): interval \(source.interval)")
        }
        for age in config.recheck {
            try Invariants.check(age.isFinite && age > 0, "recheck \(age)")
        }
        let retry = config.http.retry
        for delay in [config.http.connectTimeout, config.http.totalTimeout, config.http.lowSpeedTime,
                      config.http.minHostInterval, retry.baseDelay, retry.maxRetryAfter] {
            try Invariants.check(delay.isFinite && delay >= 0 && delay <= 86400, "http delay \(delay)")
        }
    }
}

/// One line of an import dump (JSON Lines).
enum ImportLinesHarness {
    static func run(_ data: Data) throws(InvariantBroken) {
        guard case .success(let draft)? = ImportLine.parse(data, number: 1, file: "fuzz.jsonl",
                                                           timeZone: Invariants.shanghai) else { return }
        try Invariants.check(draft, "imported line")
    }
}
