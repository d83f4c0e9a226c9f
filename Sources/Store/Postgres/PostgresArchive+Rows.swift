import Foundation
import Model
import PostgresNIO

/// A PostgreSQL row's columns by name, the row looked at once (`PostgresRow.value` makes a random-access
/// view for every column it reads).
struct RowFields {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) { self.row = row.makeRandomAccess() }

    /// The column's value; NULL or a missing column reads as nil.
    func value<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T? {
        guard row.contains(name), row[name].bytes != nil else { return nil }
        return try row[name].decode(T.self)
    }

    func required<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let value = try value(name, as: T.self) else {
            throw PostgresStatementError(sql: "", reason: "column \(name) is NULL or missing")
        }
        return value
    }

    /// An integer column read as a Swift `Int` (PostgreSQL's BIGINT).
    func int(_ name: String) throws -> Int { Int(try required(name, as: Int64.self)) }
}

extension Article {
    /// An article from a row of `articles` (any column order; `'' AS content_html` and the like read as empty).
    init(postgres row: PostgresRow) throws {
        let columns = RowFields(row)
        let published = try columns.value("published", as: Double.self).map { seconds in
            ZonedDate(date: Date(timeIntervalSince1970: seconds),
                      utcOffset: Int(try columns.value("published_offset", as: Int64.self) ?? 0))
        }
        self.init(
            id: try columns.required("id"), sourceID: try columns.required("source_id"),
            itemID: try columns.required("item_id"), link: try columns.value("link"), title: try columns.required("title"),
            published: published, firstSeen: Date(timeIntervalSince1970: try columns.required("first_seen")),
            updated: Date(timeIntervalSince1970: try columns.required("updated")), outlet: try columns.value("outlet"),
            author: try columns.value("author"),
            categories: try DecodedLists.categories(try columns.required("categories")),
            tags: try DecodedLists.tags(try columns.required("tags")),
            imageURL: try columns.value("image_url"), contentHTML: try columns.required("content_html"),
            contentText: try columns.required("content_text"), contentHash: try columns.required("content_hash"),
            version: try columns.int("version"),
            removed: try columns.value("removed", as: Double.self).map(Date.init(timeIntervalSince1970:)),
            storyID: try columns.value("story_id"),
            isStoryLead: (try columns.value("story_lead", as: Int64.self) ?? 1) != 0)
    }
}

extension ChangeEvent {
    init(postgres row: PostgresRow) throws {
        let columns = RowFields(row)
        self.init(id: try columns.required("id"), refreshID: try columns.required("refresh_id"),
                  at: Date(timeIntervalSince1970: try columns.required("at")),
                  kind: ChangeKind(rawValue: try columns.required("kind")) ?? .updated,
                  articleID: try columns.required("article_id"), sourceID: try columns.required("source_id"),
                  title: try columns.required("title"), link: try columns.value("link"), detail: try columns.value("detail"))
    }
}
