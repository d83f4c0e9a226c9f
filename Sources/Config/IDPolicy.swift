/// How a source's items are recognised across refreshes (`id_policy:` of a source).
public enum IDPolicy: Sendable, Equatable {
    /// What the adapter gives: a feed's GUID, a site id in the share link (`infoCode`), a JSON API's id
    /// field, a file's path.
    case auto
    /// The canonical link: scheme and host lowercased, default port, fragment and tracking parameters
    /// dropped, query sorted, http and https alike, host aliases applied.
    case link
    /// A digest of the title and the publish day, for sources whose links and ids change.
    case titleAndDate
    /// One query parameter of the link (`query:infoCode`).
    case queryParameter(String)

    /// Parses `auto`, `link`, `title_date` or `query:NAME`.
    public init?(_ text: String) {
        switch text {
        case "auto": self = .auto
        case "link": self = .link
        case "title_date": self = .titleAndDate
        default:
            guard text.hasPrefix("query:"), text.count > 6 else { return nil }
            self = .queryParameter(String(text.dropFirst(6)))
        }
    }
}
