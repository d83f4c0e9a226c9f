import Model
import Sanitize

extension ArticleDraft {
    /// The body as the refresh's preparation stage turns it into what is stored: sanitized against the
    /// draft's base URL, with its plain text. Adapters hand bodies over as found.
    var prepared: Sanitizer.Output {
        Sanitizer(baseURL: baseURL).clean(html: bodyHTML)
    }
}
