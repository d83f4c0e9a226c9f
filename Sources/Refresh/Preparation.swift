import Dedup
import Model
import Sanitize
import Store

/// The refresh's one preparation stage. Every draft of every source kind (and of `finews import`)
/// goes through it once, on all cores, in this order: identity (the source's `id_policy`) →
/// sanitize (against the draft's base URL) → plain text (of the sanitized HTML, from the same walk)
/// → fingerprint → search document (when the archive keeps the index). Nothing before it sanitizes
/// and nothing after it computes any of these again (ARCHITECTURE.md).
struct Preparation: Sendable {
    let identity: ItemIdentity
    let fingerprinter: Fingerprinter
    let indexesForSearch: Bool

    init(identity: ItemIdentity, fingerprinter: Fingerprinter = Fingerprinter(), indexesForSearch: Bool = true) {
        self.identity = identity
        self.fingerprinter = fingerprinter
        self.indexesForSearch = indexesForSearch
    }

    func prepare(_ draft: ArticleDraft) -> PreparedArticle {
        let itemID = identity.itemID(of: draft)
        let clean = Sanitizer(baseURL: draft.baseURL).clean(html: draft.bodyHTML)
        return PreparedArticle(draft, itemID: itemID, contentHTML: clean.html, contentText: clean.text,
                               fingerprint: fingerprinter.fingerprint(clean.text), indexedForSearch: indexesForSearch)
    }

    func prepare(_ drafts: [ArticleDraft]) async -> [PreparedArticle] {
        await drafts.concurrentMap { prepare($0) }
    }
}
