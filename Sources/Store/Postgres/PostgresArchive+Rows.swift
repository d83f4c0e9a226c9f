import Foundation
import Model
import PostgresNIO

/// One row of a PostgreSQL result read by column name, with the archive's column types: TEXT as String,
/// BIGINT as Int64 (or Int), DOUBLE PRECISION as Double. The name lookup is postgres-nio's table, shared by
/// every row of a result, so a row costs one array of cells.
struct PostgresFields {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) {
        self.row = row.makeRandomAccess()
    }

    /// The column's value; nil when it is NULL.
    func optional<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        guard row.contains(column) else {
            throw PostgresStatementError(sql: "", reason: "the query returns no column \(column)")
        }
        let cell = row[column]
        return cell.bytes == nil ? nil : try cell.decode(T.self)
    }

    /// The column's value, which must not be NULL.
    func required<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let value = try optional(column, as: T.self) else {
            throw PostgresStatementError(sql: "", reason: "column \(column) is NULL")
        }
        return value
    }

    func string(_ column: String) throws -> String { try required(column) }
    func optionalString(_ column: String) throws -> String? { try optional(column) }
    func double(_ column: String) throws -> Double { try required(column) }
    func optionalDouble(_ column: String) throws -> Double? { try optional(column) }
    func int64(_ column: String) throws -> Int64 { try required(column) }
    func int(_ column: String) throws -> Int { Int(try required(column, as: Int64.self)) }
    func optionalInt(_ column: String) throws -> Int? { try optional(column, as: Int64.self).map(Int.init) }
    func date(_ column: String) throws -> Date { Date(timeIntervalSince1970: try double(column)) }
    func optionalDate(_ column: String) throws -> Date? { try optionalDouble(column).map(Date.init(timeIntervalSince1970:)) }
}

extension PostgresRow {
    var fields: PostgresFields { PostgresFields(self) }
}

extension Article {
    /// A row with the article columns (`Archive.articleColumns`, any order), as `ArticleColumns` reads
    /// SQLite's.
    init(postgres row: PostgresRow) throws {
        let fields = row.fields
        let published = try fields.optionalDouble("published").map { seconds in
            ZonedDate(date: Date(timeIntervalSince1970: seconds), utcOffset: try fields.optionalInt("published_offset") ?? 0)
        }
        self.init(
            id: try fields.string("id"), sourceID: try fields.string("source_id"), itemID: try fields.string("item_id"),
            link: try fields.optionalString("link"), title: try fields.string("title"), published: published,
            firstSeen: try fields.date("first_seen"), updated: try fields.date("updated"),
            outlet: try fields.optionalString("outlet"), author: try fields.optionalString("author"),
            categories: try DecodedLists.categories(fields.string("categories")),
            tags: try DecodedLists.tags(fields.string("tags")), imageURL: try fields.optionalString("image_url"),
            contentHTML: try fields.string("content_html"), contentText: try fields.string("content_text"),
            contentHash: try fields.string("content_hash"), version: try fields.int("version"),
            removed: try fields.optionalDate("removed"), storyID: try fields.optionalString("story_id"),
            isStoryLead: (try fields.optionalInt("story_lead") ?? 1) != 0)
    }
}

extension ChangeEvent {
    init(postgres row: PostgresRow) throws {
        let fields = row.fields
        self.init(id: try fields.int64("id"), refreshID: try fields.int64("refresh_id"), at: try fields.date("at"),
                  kind: ChangeKind(rawValue: try fields.string("kind")) ?? .updated,
                  articleID: try fields.string("article_id"), sourceID: try fields.string("source_id"),
                  title: try fields.string("title"), link: try fields.optionalString("link"),
                  detail: try fields.optionalString("detail"))
    }
}

extension SourceHealth {
    init(postgres row: PostgresRow) throws {
        let fields = row.fields
        self.init(sourceID: try fields.string("source_id"), lastAttempt: try fields.date("last_attempt"),
                  lastSuccess: try fields.optionalDate("last_success"), httpStatus: try fields.optionalInt("http_status"),
                  lastError: try fields.optionalString("last_error"),
                  consecutiveFailures: try fields.int("consecutive_failures"),
                  nextAttempt: try fields.date("next_attempt"))
    }
}

extension RefreshRecord {
    init(postgres row: PostgresRow) throws {
        let fields = row.fields
        self.init(id: try fields.int64("id"), trigger: try fields.string("trigger"), started: try fields.date("started"),
                  finished: try fields.optionalDate("finished"), new: try fields.int("new"),
                  updated: try fields.int("updated"), unchanged: try fields.int("unchanged"),
                  removed: try fields.int("removed"), errors: try fields.int("errors"))
    }
}

extension SourceOutcome {
    /// A `refresh_sources` row: the counts and errors of a source in one refresh (its `merged`,
    /// `skipped` and warnings are not stored, as on SQLite).
    init(postgresRefreshSource row: PostgresRow) throws {
        let fields = row.fields
        self.init(sourceID: try fields.string("source_id"))
        new = try fields.int("new")
        updated = try fields.int("updated")
        unchanged = try fields.int("unchanged")
        removed = try fields.int("removed")
        errors = try JSONDecoder().decode([String].self, from: Data(fields.string("errors").utf8))
        failure = try fields.optionalString("failure")
    }
}
