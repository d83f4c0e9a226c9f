/// The words the writer records in change events and batch errors. Both backends use these, so the same
/// writes leave the same text whichever archive holds them (`PostgresWritingTests` compares it).
enum ChangeWording {
    static func repeatedItem(_ article: PreparedArticle, earlier: String) -> String {
        "\(article.origin ?? article.itemID): same item id '\(article.itemID)' as \(earlier); skipped"
    }

    static let restored = "restored"

    static func merged(lead: String, story: String) -> String {
        "same story as \u{201C}\(lead)\u{201D} (story \(story))"
    }

    static func removed(origin: String) -> String { "no longer at \(origin)" }
}
