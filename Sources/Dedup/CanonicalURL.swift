import Foundation

/// Canonical form of an article link for identity within a source: one story found at
/// `http://M.Example.com:80/a?utm_source=x&b=2&a=1#top` and `https://www.example.com/a?a=1&b=2` is
/// one article. The result is an identity key, not necessarily a fetchable URL (`http` becomes
/// `https`).
public struct CanonicalURL: Sendable, Hashable {
    /// Mobile or mirror hosts and the host they stand for, lowercase: `m.example.com` → `www.example.com`.
    public var hostAliases: [String: String]
    /// Query parameters dropped by exact (lowercase) name.
    public var trackingParameters: Set<String>
    /// Query parameters dropped by prefix (`utm_`).
    public var trackingPrefixes: [String]

    public init(hostAliases: [String: String] = [:],
                trackingParameters: Set<String> = Self.standardTrackingParameters,
                trackingPrefixes: [String] = ["utm_"]) {
        self.hostAliases = Dictionary(hostAliases.map { ($0.key.lowercased(), $0.value.lowercased()) },
                                      uniquingKeysWith: { first, _ in first })
        self.trackingParameters = trackingParameters
        self.trackingPrefixes = trackingPrefixes
    }

    /// Analytics and share parameters of common platforms (Google, Facebook, Alibaba's `spm`,
    /// WeChat's share parameters) and the Chinese portals' `from`/`tt_from`.
    public static let standardTrackingParameters: Set<String> = [
        "spm", "from", "tt_from", "ref", "ref_src", "source", "share_source", "share_medium", "share_token",
        "fbclid", "gclid", "dclid", "yclid", "msclkid", "mc_cid", "mc_eid", "_hsenc", "_hsmi", "wfr",
        "isappinstalled", "sharer_sharetime", "sharer_shareid", "scene", "clicktime", "enterid", "from_source",
    ]

    /// The identity key of a link, or nil when it is not an absolute http(s) URL.
    public func canonical(_ link: String) -> String? {
        guard var components = URLComponents(string: link.trimmingCharacters(in: .whitespacesAndNewlines)),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              var host = components.host?.lowercased(), !host.isEmpty else { return nil }
        if host.hasSuffix(".") { host.removeLast() }
        // RFC 3986 §6.2.3: default ports are the same resource; http vs https is the same article.
        components.scheme = "https"
        components.host = hostAliases[host] ?? host
        if components.port == 80 || components.port == 443 { components.port = nil }
        components.user = nil
        components.password = nil
        components.fragment = nil
        if components.percentEncodedPath.isEmpty { components.percentEncodedPath = "/" }
        components.percentEncodedQueryItems = canonicalQuery(components.percentEncodedQueryItems)
        return components.string
    }

    /// Whether two links name the same article.
    public func sameArticle(_ a: String, _ b: String) -> Bool {
        guard let first = canonical(a), let second = canonical(b) else { return false }
        return first == second
    }

    private func canonicalQuery(_ items: [URLQueryItem]?) -> [URLQueryItem]? {
        let kept = (items ?? []).filter { item in
            let name = item.name.lowercased()
            return !name.isEmpty && !trackingParameters.contains(name)
                && !trackingPrefixes.contains { name.hasPrefix($0) }
        }
        guard !kept.isEmpty else { return nil }
        return kept.sorted { ($0.name, $0.value ?? "") < ($1.name, $1.value ?? "") }
    }
}
