/// A request path checked before it names a file under the output folder.
enum FeedPath: Equatable {
    /// A file below the output folder, as a relative path without a leading slash.
    case file(String)
    /// `..` or `.` segments, NUL, backslashes: never resolved, refused with 400.
    case refused
    /// Hidden files (the publisher's state, files being written), folders: 404.
    case notServed

    /// The path as it arrives (percent-encoded); `%2e%2e` is as much a `..` as `..` is.
    static func classify(_ rawPath: String) -> FeedPath {
        guard let decoded = rawPath.removingPercentEncoding, decoded.hasPrefix("/") else { return .refused }
        if decoded.contains("\\") || decoded.contains("\0") { return .refused }
        let segments = decoded.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for segment in segments where segment == ".." || segment == "." { return .refused }
        guard let last = segments.last, !last.isEmpty, !segments.contains(where: \.isEmpty) else { return .notServed }
        if segments.contains(where: { $0.hasPrefix(".") }) { return .notServed }
        return .file(String(decoded.dropFirst()))
    }
}

/// What each published file is, by extension; anything else in the folder is not served.
enum FeedContentType {
    static func of(_ path: String) -> String? {
        if path.hasSuffix("feed.xml") { return "application/rss+xml; charset=utf-8" }
        if path.hasSuffix("atom.xml") || path.hasSuffix(".atom") { return "application/atom+xml; charset=utf-8" }
        if path.hasSuffix(".xml") { return "application/xml; charset=utf-8" }
        if path.hasSuffix(".jsonl") { return "application/jsonl; charset=utf-8" }
        if path.hasSuffix(".json") { return "application/feed+json; charset=utf-8" }
        if path.hasSuffix(".html") { return "text/html; charset=utf-8" }
        if path.hasSuffix(".txt") { return "text/plain; charset=utf-8" }
        return nil
    }
}
