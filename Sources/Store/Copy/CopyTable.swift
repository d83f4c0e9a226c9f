/// A table `finews migrate` copies, with the columns both backends share (the same names and meaning:
/// Archive+Schema.swift and PostgresSchema.swift) and the key it is read in order of, a page at a time.
/// The search index is not copied: the target makes it from the articles, with its own tokenizer. The
/// cluster's coordination tables (leases, intake) hold work in flight, not the archive, and stay behind.
struct CopyTable: Sendable {
    var name: String
    var columns: [String]
    /// Unique and ordered: pages are read after the last key of the previous page.
    var key: [String]

    /// In an order that inserts every row after the rows it refers to.
    static let all: [CopyTable] = [
        CopyTable(name: "sources", columns: ["id", "kind", "title", "first_seen"], key: ["id"]),
        CopyTable(name: "refreshes", columns: ["id", "trigger", "started", "finished", "new", "updated", "unchanged",
                                               "removed", "errors"], key: ["id"]),
        CopyTable(name: "articles", columns: articleColumns, key: ["row_id"]),
        CopyTable(name: "article_categories", columns: ["slug", "article_id", "name", "feed_time"], key: ["slug", "article_id"]),
        CopyTable(name: "revisions", columns: ["id", "article_id", "version", "title", "link", "published", "published_offset",
                                               "outlet", "author", "content_html", "content_text", "content_hash", "replaced",
                                               "diff_summary", "trivial"], key: ["id"]),
        CopyTable(name: "refresh_sources", columns: ["refresh_id", "source_id", "new", "updated", "unchanged", "removed",
                                                     "errors", "failure"], key: ["refresh_id", "source_id"]),
        CopyTable(name: "change_events", columns: ["id", "refresh_id", "at", "kind", "article_id", "source_id", "title",
                                                   "link", "detail"], key: ["id"]),
        CopyTable(name: "stories", columns: ["id", "created", "lead"], key: ["id"]),
        CopyTable(name: "dedup_bands", columns: ["key", "article"], key: ["key", "article"]),
        CopyTable(name: "http_cache", columns: ["url", "etag", "last_modified", "stored"], key: ["url"]),
        CopyTable(name: "source_health", columns: ["source_id", "last_attempt", "last_success", "http_status", "last_error",
                                                   "consecutive_failures", "next_attempt"], key: ["source_id"]),
    ]

    /// `row_id` is SQLite's rowid: band rows and the search index name articles by it.
    static let articleColumns = [
        "row_id", "id", "source_id", "item_id", "origin", "link", "title", "published", "published_offset", "first_seen",
        "updated", "feed_time", "outlet", "author", "categories", "tags", "image_url", "content_html", "content_text",
        "content_hash", "version", "removed", "story_id", "origin_stamp", "story_lead", "last_checked",
    ]
}

/// One value of a copied row, as both backends store it.
enum CopyValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// An unambiguous text for the article digest: the kind, then the value (a double by its bits).
    var canonical: String {
        switch self {
        case .null: "n"
        case .integer(let value): "i\(value)"
        case .real(let value): "r\(value.bitPattern)"
        case .text(let value): "t\(value.utf8.count):\(value)"
        }
    }
}

/// What each backend does for a copy: read a table in key order, a page at a time; insert rows; count;
/// and make what the copy leaves out (the search index, identity counters) once the rows are in.
protocol CopyEndpoint {
    func rows(of table: CopyTable, after key: [CopyValue]?, limit: Int) throws -> [[CopyValue]]
    func insert(_ rows: [[CopyValue]], into table: CopyTable) throws
    func count(of table: CopyTable) throws -> Int
    func finishCopy(progress: (String) -> Void) throws
}
