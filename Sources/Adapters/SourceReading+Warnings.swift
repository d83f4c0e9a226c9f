import Decode
import Model

extension SourceReading {
    /// A document decoded with damaged bytes dropped is read, not refused; the reader of the refresh
    /// still hears where bytes were lost.
    mutating func noteDamage(of decoded: DecodedText, at location: String) {
        if let warning = decoded.damageWarning(at: location) { warnings.append(warning) }
    }
}

extension DecodedText {
    /// "URL: 6 damaged bytes dropped, the first at byte 1234 (decoded as utf-8)", when bytes were lost.
    func damageWarning(at location: String) -> String? {
        damage.map { "\(location): \($0) (decoded as \(charset))" }
    }
}

/// One item read from its own page (an article page, a detail request): the draft or why not, and what
/// was lost decoding that page.
struct ItemRead: Sendable {
    var result: Result<ArticleDraft, SourceError>
    var warning: String?

    init(_ result: Result<ArticleDraft, SourceError>, warning: String? = nil) {
        self.result = result
        self.warning = warning
    }
}

extension SourceReading {
    mutating func add(_ items: [ItemRead]) {
        for item in items {
            if let warning = item.warning { warnings.append(warning) }
            switch item.result {
            case .success(let draft): drafts.append(draft)
            case .failure(let error): errors.append(error)
            }
        }
    }
}
