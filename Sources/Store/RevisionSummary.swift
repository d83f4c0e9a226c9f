import Dedup
import Foundation
import GRDB
import Model

/// A short account of what changed between two versions of an article, for the change log.
struct RevisionSummary {
    var text: String
    /// Only white space, punctuation width or boilerplate lines changed: recorded, but not news, so
    /// feeds do not move the entry's `updated`.
    var trivial: Bool

    init(old: Row, new article: PreparedArticle) {
        let oldTitle: String = old["title"]
        let oldText: String = old["content_text"]
        let body = RevisionDiff.compare(old: oldText, new: article.contentText)
        var parts: [String] = []
        var significant = false
        if oldTitle != article.title {
            parts.append("title changed")
            significant = true
        }
        if oldText != article.contentText {
            parts.append("body: " + body.summary)
            significant = significant || !body.isTrivial
        }
        if (old["link"] as String?) != article.link {
            parts.append("link changed")
            significant = true
        }
        if (old["outlet"] as String?) != article.outlet || (old["author"] as String?) != article.author {
            parts.append("byline changed")
            significant = true
        }
        if (old["published"] as Double?) != article.published?.date.timeIntervalSince1970 {
            parts.append("date changed")
            significant = true
        }
        if parts.isEmpty { parts.append("markup changed") }
        text = parts.joined(separator: ", ")
        trivial = !significant
    }
}
