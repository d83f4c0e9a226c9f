import Config
import Dedup
import Foundation
import Model

/// Applies a source's `id_policy` to what its adapter read.
struct ItemIdentity: Sendable {
    let policy: IDPolicy
    let canonical: CanonicalURL

    init(policy: IDPolicy, hostAliases: [String: String]) {
        self.policy = policy
        canonical = CanonicalURL(hostAliases: hostAliases)
    }

    /// The draft's item id under the policy; a draft the policy cannot name (no link, say) keeps the
    /// adapter's id rather than being lost.
    func itemID(of draft: ArticleDraft) -> String {
        switch policy {
        case .auto:
            return draft.itemID
        case .link:
            return draft.link.flatMap(canonical.canonical) ?? draft.itemID
        case .titleAndDate:
            let day = draft.published.map { String($0.rfc3339.prefix(10)) } ?? ""
            return "sha256:" + Digest.sha256Hex(draft.title + "|" + day)
        case .queryParameter(let name):
            guard let link = draft.link, let items = URLComponents(string: link)?.queryItems else { return draft.itemID }
            return items.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value ?? draft.itemID
        }
    }
}
