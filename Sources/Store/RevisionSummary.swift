import Foundation
import GRDB
import Model

/// A short account of what changed between two versions of an article, for the change log.
struct RevisionSummary {
    var text: String
    /// Only white space or punctuation width changed: recorded, but not news.
    var trivial: Bool

    init(old: Row, new draft: ArticleDraft) {
        let oldTitle: String = old["title"]
        let oldText: String = old["content_text"]
        var parts: [String] = []
        if oldTitle != draft.title { parts.append("title changed") }
        if oldText != draft.contentText {
            let delta = draft.contentText.count - oldText.count
            parts.append("body \(oldText.count) → \(draft.contentText.count) characters (\(delta >= 0 ? "+" : "")\(delta))")
        }
        if (old["link"] as String?) != draft.link { parts.append("link changed") }
        if (old["outlet"] as String?) != draft.outlet || (old["author"] as String?) != draft.author {
            parts.append("byline changed")
        }
        if (old["published"] as Double?) != draft.published?.date.timeIntervalSince1970 { parts.append("date changed") }
        if parts.isEmpty { parts.append("markup changed") }
        text = parts.joined(separator: ", ")
        trivial = oldTitle == draft.title && Self.skeleton(oldText) == Self.skeleton(draft.contentText)
    }

    /// Text with white space and punctuation removed and full-width forms folded (NFKC).
    static func skeleton(_ text: String) -> String {
        String(text.precomposedStringWithCompatibilityMapping.unicodeScalars.filter {
            !CharacterSet.whitespacesAndNewlines.contains($0) && !CharacterSet.punctuationCharacters.contains($0)
                && !CharacterSet.symbols.contains($0)
        }.map(Character.init))
    }
}
