import Foundation
import GRDB
import Model

/// Where each field of an article sits in a statement's rows, looked up once per statement.
///
/// GRDB finds a column by name by lowercasing the name and comparing it with every column name,
/// lowercased too, on each access: twenty fields a row made a feed of fifty rows, or the thousand
/// candidates of a filtered request, spend most of their decoding in `String.lowercased()`.
struct ArticleColumns {
    let id, sourceID, itemID, link, title, published, publishedOffset, firstSeen, updated, outlet, author: Int
    let categories, tags, imageURL, contentHTML, contentText, contentHash, version, removed, storyID, storyLead: Int

    struct MissingColumn: Error, CustomStringConvertible {
        var name: String
        var description: String { "the query returns no column \(name) for an article" }
    }

    init(_ statement: Statement) throws {
        try self.init(statement.columnNames)
    }

    init(_ names: [String]) throws {
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
        func column(_ name: String) throws -> Int {
            guard let index = positions[name] else { throw MissingColumn(name: name) }
            return index
        }
        id = try column("id")
        sourceID = try column("source_id")
        itemID = try column("item_id")
        link = try column("link")
        title = try column("title")
        published = try column("published")
        publishedOffset = try column("published_offset")
        firstSeen = try column("first_seen")
        updated = try column("updated")
        outlet = try column("outlet")
        author = try column("author")
        categories = try column("categories")
        tags = try column("tags")
        imageURL = try column("image_url")
        contentHTML = try column("content_html")
        contentText = try column("content_text")
        contentHash = try column("content_hash")
        version = try column("version")
        removed = try column("removed")
        storyID = try column("story_id")
        storyLead = try column("story_lead")
    }

    func article(_ row: Row) throws -> Article {
        let published = (row[self.published] as Double?).map { seconds in
            ZonedDate(date: Date(timeIntervalSince1970: seconds), utcOffset: row[publishedOffset] as Int? ?? 0)
        }
        return Article(
            id: row[id], sourceID: row[sourceID], itemID: row[itemID], link: row[link], title: row[title],
            published: published, firstSeen: Date(timeIntervalSince1970: row[firstSeen]),
            updated: Date(timeIntervalSince1970: row[updated]), outlet: row[outlet], author: row[author],
            categories: try DecodedLists.categories(row[categories]), tags: try DecodedLists.tags(row[tags]),
            imageURL: row[imageURL], contentHTML: row[contentHTML], contentText: row[contentText],
            contentHash: row[contentHash], version: row[version],
            removed: (row[removed] as Double?).map(Date.init(timeIntervalSince1970:)), storyID: row[storyID],
            isStoryLead: row[storyLead] as Bool? ?? true)
    }
}

extension Article {
    /// Every row of the statement as an article, read through a cursor: no row is copied.
    static func fetchAll(_ statement: Statement, arguments: StatementArguments = []) throws -> [Article] {
        var articles: [Article] = []
        try forEach(statement, arguments: arguments) { article, _ in
            articles.append(article)
            return true
        }
        return articles
    }

    /// The statement's rows as articles, in order, until `body` returns false; `body` also gets the row,
    /// valid only during the call, for columns that are not the article's (a feed walk's cursor).
    static func forEach(_ statement: Statement, arguments: StatementArguments = [],
                        _ body: (Article, Row) throws -> Bool) throws {
        let columns = try ArticleColumns(statement)
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() {
            guard try body(columns.article(row), row) else { return }
        }
    }
}
