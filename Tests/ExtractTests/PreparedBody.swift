import Extract
import Sanitize

extension ExtractedArticle {
    /// The body as the refresh's preparation stage stores it: the extractor hands it over as the page
    /// has it, and it is sanitized against the page's URL, with its plain text.
    var prepared: Sanitizer.Output { Sanitizer(baseURL: baseURL).clean(html: bodyHTML) }
    var contentHTML: String { prepared.html }
    var contentText: String { prepared.text }
}
