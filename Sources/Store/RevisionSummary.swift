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

    /// The stored version as a row of `articles` (SQLite).
    init(old: Row, new article: PreparedArticle) {
        self.init(old: StoredVersion(title: old["title"], contentText: old["content_text"], link: old["link"],
                                     outlet: old["outlet"], author: old["author"], published: old["published"]),
                  new: article)
    }

    init(old: StoredVersion, new article: PreparedArticle) {
        let body = RevisionDiff.compare(old: old.contentText, new: article.contentText)
        var parts: [String] = []
        var significant = false
        if old.title != article.title {
            parts.append("title changed")
            significant = true
        }
        if old.contentText != article.contentText {
            parts.append("body: " + body.summary)
            significant = significant || !body.isTrivial
        }
        if old.link != article.link {
            parts.append("link changed")
            significant = true
        }
        if old.outlet != article.outlet || old.author != article.author {
            parts.append("byline changed")
            significant = true
        }
        if old.published != article.published?.date.timeIntervalSince1970 {
            parts.append("date changed")
            significant = true
        }
        if parts.isEmpty { parts.append("markup changed") }
        text = parts.joined(separator: ", ")
        trivial = !significant
    }

    /// What the summary compares of the stored version, whichever backend read it.
    struct StoredVersion {
        var title: String
        var contentText: String
        var link: String?
        var outlet: String?
        var author: String?
        /// Seconds since 1970, as stored.
        var published: Double?
    }
}
