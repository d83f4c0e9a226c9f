import Foundation

/// Which URLs may appear in sanitized HTML, and in what form.
///
/// Browsers remove tabs and newlines anywhere in a URL and ignore leading/trailing C0 controls and
/// spaces (WHATWG URL §4.4), which is how `java&#x09;script:` still runs; the scheme is judged on the
/// URL after those same steps, and only http, https and mailto pass (issue 4). Relative URLs are made
/// absolute against the page, because a feed reader resolves them against the feed instead.
struct URLPolicy: Sendable {
    let base: URL?

    init(baseURL: String?) {
        base = baseURL.flatMap { URL(string: $0) }.flatMap { $0.scheme == nil ? nil : $0 }
    }

    static let allowedSchemes: Set<String> = ["http", "https", "mailto"]

    /// The URL to write, or nil when it must go.
    func resolve(_ raw: String, stripTracking: Bool) -> String? {
        let cleaned = Self.browserNormalised(raw)
        guard !cleaned.isEmpty else { return nil }
        if let scheme = Self.scheme(of: cleaned) {
            guard Self.allowedSchemes.contains(scheme) else { return nil }
            if scheme == "mailto" { return cleaned }
            let absolute = Self.parse(cleaned, relativeTo: nil) ?? cleaned
            return stripTracking ? Self.withoutTracking(absolute) : absolute
        }
        if cleaned.hasPrefix("#") { return base == nil ? cleaned : nil }
        guard let base else { return stripTracking ? Self.withoutTracking(cleaned) : cleaned }
        guard let absolute = Self.parse(cleaned, relativeTo: base),
              let scheme = Self.scheme(of: absolute), Self.allowedSchemes.contains(scheme) else { return nil }
        return stripTracking ? Self.withoutTracking(absolute) : absolute
    }

    static func browserNormalised(_ raw: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars where scalar != "\t" && scalar != "\n" && scalar != "\r" {
            scalars.append(scalar)
        }
        let trimmed = String(scalars).trimmingCharacters(in: CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(0x20)))
        return trimmed
    }

    /// The lowercased scheme when `url` starts with one (RFC 3986 §3.1), nil for a relative reference.
    /// A colon before the first `/`, `?` or `#` that does not end a well-formed scheme gives "invalid":
    /// no relative reference looks like that (RFC 3986 §4.2), and such URLs are how filters get fooled.
    static func scheme(of url: String) -> String? {
        guard let colon = url.firstIndex(of: ":") else { return nil }
        if let delimiter = url.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }), delimiter < colon {
            return nil
        }
        let candidate = url[..<colon]
        guard let first = candidate.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic,
              candidate.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic
                  || ("0"..."9").contains($0) || $0 == "+" || $0 == "-" || $0 == ".") }) else { return "invalid" }
        return candidate.lowercased()
    }

    private static func parse(_ text: String, relativeTo base: URL?) -> String? {
        if let url = URL(string: text, relativeTo: base) { return url.absoluteString }
        let allowed = CharacterSet.urlQueryAllowed.union(CharacterSet(charactersIn: "#%"))
        guard let escaped = text.addingPercentEncoding(withAllowedCharacters: allowed),
              let url = URL(string: escaped, relativeTo: base) else { return nil }
        return url.absoluteString
    }

    /// Query parameters that only identify the campaign or the click, never the page.
    static let trackingNames: Set<String> = [
        "spm", "scm", "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
        "_hsenc", "_hsmi", "share_token", "sharetoken", "share_source", "share_medium", "vd_source",
        "wt.mc_id", "__twitter_impression",
    ]

    static func isTracking(_ name: Substring) -> Bool {
        let lower = name.lowercased()
        return lower.hasPrefix("utm_") || trackingNames.contains(lower)
    }

    static func withoutTracking(_ url: String) -> String {
        guard let question = url.firstIndex(of: "?") else { return url }
        let hashIndex = url[question...].firstIndex(of: "#") ?? url.endIndex
        let query = url[url.index(after: question)..<hashIndex]
        let kept = query.split(separator: "&", omittingEmptySubsequences: true).filter { pair in
            !isTracking(pair.prefix { $0 != "=" })
        }
        let head = url[..<question]
        let fragment = url[hashIndex...]
        return kept.isEmpty ? String(head + fragment) : head + "?" + kept.joined(separator: "&") + fragment
    }
}
