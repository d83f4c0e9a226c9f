public import Foundation

/// Every entry point that reads outside bytes, driven the way the product drives it. One case per
/// libFuzzer executable (`scripts/fuzz`), and the replay of `Tests/Fixtures/fuzz/<harness>/` in the
/// ordinary test suite: a crash traps, a broken invariant throws.
public enum Harness: String, CaseIterable, Sendable {
    case decode, feed, jsonAPI = "json-api", htmlLinks = "html-links", extract, sanitize, dates, posts, config
    case importLines = "import-lines", headers

    public func run(_ data: Data) throws(InvariantBroken) {
        switch self {
        case .decode: try DecodeHarness.run(data)
        case .feed: try FeedHarness.run(data)
        case .jsonAPI: try JSONAPIHarness.run(data)
        case .htmlLinks: try HTMLLinksHarness.run(data)
        case .extract: try ExtractHarness.run(data)
        case .sanitize: try SanitizeHarness.run(data)
        case .dates: try DatesHarness.run(data)
        case .posts: try PostsHarness.run(data)
        case .config: try ConfigHarness.run(data)
        case .importLines: try ImportLinesHarness.run(data)
        case .headers: try HeadersHarness.run(data)
        }
    }

    /// The libFuzzer entry: runs one input and traps on a broken invariant, so libFuzzer keeps it.
    public func fuzz(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
        do {
            try run(Data(bytes: bytes, count: size))
        } catch {
            fatalError("\(rawValue): \(error)")
        }
        return 0
    }
}

/// An input for which something that must always hold did not.
public struct InvariantBroken: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Checks shared by the harnesses: what finews hands on must be publishable whatever came in.
enum Invariants {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
    static let fixedNow = Date(timeIntervalSince1970: 1_750_000_000)

    static func check(_ condition: Bool, _ message: @autoclosure () -> String) throws(InvariantBroken) {
        if !condition { throw InvariantBroken(message()) }
    }
}
