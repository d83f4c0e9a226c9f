/// What a refresh did to an article, as the change log records it.
public enum ChangeKind: String, Sendable, Codable, CaseIterable {
    case new
    case updated
    case removed
    case merged
}
