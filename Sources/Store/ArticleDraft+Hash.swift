import Foundation
import Model

extension ArticleDraft {
    /// The hash of everything a reader sees, so any visible change makes a revision and nothing
    /// else does (the origin path or the time it was read do not count).
    public var contentHash: String {
        let parts: [String] = [
            title, link ?? "", published?.rfc3339 ?? "", outlet ?? "", author ?? "",
            categories.map { $0.slug + "=" + $0.name }.joined(separator: ","), tags.joined(separator: ","),
            imageURL ?? "", contentHTML,
        ]
        return Digest.sha256Hex(parts.joined(separator: "\u{1F}"))
    }
}
