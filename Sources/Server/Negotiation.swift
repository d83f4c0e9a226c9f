import Foundation
import HTTPTypes
import Model

/// Conditional requests (RFC 9110 §13), content coding (§12.5.3) and bearer tokens (RFC 6750).
enum Negotiation {
    /// If-None-Match wins over If-Modified-Since (§13.2.2). Weak comparison: either coding's tag names the
    /// same file version, so both validate it.
    static func notModified(_ headers: HTTPFields, file: CachedFile) -> Bool {
        if let match = headers[.ifNoneMatch] {
            // Readers send back the one tag they got; a list is the rare case.
            if match == file.etag || match == file.gzipETag { return true }
            for tag in match.split(separator: ",") {
                var tag = tag.trimmingCharacters(in: .whitespaces)
                if tag == "*" { return true }
                if tag.hasPrefix("W/") { tag.removeFirst(2) }
                if tag == file.etag || tag == file.gzipETag { return true }
            }
            return false
        }
        guard let since = headers[.ifModifiedSince] else { return false }
        if since == file.lastModified { return true }
        guard let seconds = HTTPDate.parse(since) else { return false }
        return file.lastModifiedSeconds <= seconds
    }

    /// True when `gzip` (or `*`) is listed with a non-zero quality.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header, header.contains("gzip") || header.contains("*") else { return false }
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";")
            let coding = parts[0].trimmingCharacters(in: .whitespaces).lowercased()
            guard coding == "gzip" || coding == "*" else { continue }
            let quality = parts.dropFirst().compactMap { parameter -> Double? in
                let pair = parameter.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "q" else { return nil }
                return Double(pair[1].trimmingCharacters(in: .whitespaces))
            }.first ?? 1
            return quality > 0
        }
        return false
    }

    /// Compares in time independent of where the first difference is, so the token cannot be found byte
    /// by byte from response times.
    static func bearerMatches(_ header: String?, token: String) -> Bool {
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return false }
        let given = Array(header.dropFirst(7).trimmingCharacters(in: .whitespaces).utf8)
        let expected = Array(token.utf8)
        var difference = UInt8(given.count == expected.count ? 0 : 1)
        for index in expected.indices {
            difference |= expected[index] ^ (index < given.count ? given[index] : 0)
        }
        return difference == 0
    }
}
