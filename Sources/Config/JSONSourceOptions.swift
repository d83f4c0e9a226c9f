/// How a `json` source reads its API: where the records are, which field is which, and where the body
/// comes from. Paths are dot-separated keys and list indexes (`data.list`, `items.0.url`).
public struct JSONSourceOptions: Sendable, Equatable {
    /// The list of records in the list response; empty when the response is the list itself.
    public var records: String = ""
    public var fields = JSONFieldMap()
    /// `{id}` template of a request per record whose response holds the body (the seed script's
    /// `infoCode` detail call); nil when the records carry their bodies.
    public var detailURL: String?
    /// The body in the detail response; defaults to `fields.body`.
    public var detailBody: String?
    /// `{id}` template of the article's public link, for records without a link field.
    public var linkTemplate: String?

    public init() {}
}

/// Record field paths. Absent fields are simply missing from the article; only id or link is needed.
public struct JSONFieldMap: Sendable, Equatable {
    public var id = "id"
    public var title = "title"
    public var link = "url"
    public var published = "published"
    public var outlet = "source"
    public var summary = "summary"
    public var body = "content"

    public init() {}
}

extension JSONSourceOptions {
    static func read(_ entry: inout ConfigMapping) throws(ConfigError) -> JSONSourceOptions {
        var options = JSONSourceOptions()
        options.records = try entry.string("records")?.trimmingCharacters(in: .whitespaces) ?? "" // the whole response
        if var fields = try entry.mapping("fields") {
            options.fields = try JSONFieldMap.read(&fields)
            try fields.rejectUnknownKeys()
        }
        options.detailURL = try entry.urlTemplate("detail_url") // none: bodies come with the records
        options.detailBody = try entry.string("detail_body") // fields.body
        options.linkTemplate = try entry.urlTemplate("link_template") // none: the link field
        if options.detailBody != nil && options.detailURL == nil {
            throw .invalidValue(file: entry.file, line: entry.line(of: "detail_body"), key: entry.keyPath("detail_body"),
                                reason: "needs detail_url")
        }
        return options
    }
}

extension JSONFieldMap {
    static func read(_ fields: inout ConfigMapping) throws(ConfigError) -> JSONFieldMap {
        var map = JSONFieldMap()
        map.id = try fields.string("id") ?? map.id // "id"
        map.title = try fields.string("title") ?? map.title // "title"
        map.link = try fields.string("link") ?? map.link // "url"
        map.published = try fields.string("published") ?? map.published // "published"
        map.outlet = try fields.string("outlet") ?? map.outlet // "source"
        map.summary = try fields.string("summary") ?? map.summary // "summary"
        map.body = try fields.string("body") ?? map.body // "content"
        return map
    }
}
