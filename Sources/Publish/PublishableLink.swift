import Foundation

/// Links a feed may carry. Readers make an item's link clickable, so only `http` and `https` URLs with
/// a host are published; any other (`javascript:`, `vbscript:`, `data:`, `file:`) is dropped and the
/// item kept without it.
enum PublishableLink {
    static func http(_ link: String?) -> String? {
        guard let link, link.utf8.count <= 8192,
              // Blanks and controls never belong in a URL; some readers strip them and see `java script:`.
              !link.unicodeScalars.contains(where: { $0.value <= 0x20 || (0x7F...0x9F).contains($0.value) }),
              let colon = link.firstIndex(of: ":") else { return nil }
        let scheme = link[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = link[link.index(after: colon)...]
        guard rest.hasPrefix("//") else { return nil }
        let authority = rest.dropFirst(2).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.split(separator: "@").last.map { $0.split(separator: ":").first ?? "" } ?? ""
        return host.isEmpty ? nil : link
    }
}
