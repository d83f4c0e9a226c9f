/// What a source did not read again because it has not changed since it was stored.
public enum UnchangedItems: Sendable, Equatable {
    /// This many stored items, skipped by the adapter: files whose stamp matches the stored one,
    /// listed records whose page is stored.
    case count(Int)
    /// Every current article of the source that this reading did not fetch again: the source's URL
    /// answered 304, or a list page whose stored articles are not fetched again (rechecks aside).
    case allNotRead

    public static let none = UnchangedItems.count(0)
}
