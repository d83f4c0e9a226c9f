import Foundation
import Model

/// `finews migrate`: copies an archive into an empty one of the other backend (SQLite into PostgreSQL to
/// move up, PostgreSQL into SQLite to move back), table by table in pages, then checks the copy: every
/// table's row count, and a digest of every article (all its stored columns) on both sides.
public enum ArchiveCopy {
    public struct TableReport: Sendable, Equatable {
        public var table: String
        public var source: Int
        public var target: Int
    }

    public struct Report: Sendable {
        public var tables: [TableReport]
        public var articlesCompared: Int
        /// Ids of articles whose digest differs or that one side lacks.
        public var mismatched: [String]
        public var isExact: Bool { mismatched.isEmpty && tables.allSatisfy { $0.source == $0.target } }
    }

    public enum Progress: Sendable {
        case copying(table: String, rows: Int, of: Int)
        case finishing(String)
        case comparing(articles: Int, of: Int)
    }

    static let pageSize = 1_000

    public static func copy(from source: any ArchiveStore, to target: any ArchiveStore,
                            progress: (Progress) -> Void = { _ in }) throws(StoreError) -> Report {
        guard let from = source as? any CopyEndpoint, let to = target as? any CopyEndpoint else {
            throw .query(path: target.location, reason: "no way to copy between these archives")
        }
        do {
            let already = try to.count(of: CopyTable.all[2])
            guard already == 0 else {
                throw StoreError.query(path: target.location,
                                       reason: "the target already holds \(already) articles; migrate copies into an empty archive only")
            }
            for table in CopyTable.all {
                let total = try from.count(of: table)
                var copied = 0
                var last: [CopyValue]?
                progress(.copying(table: table.name, rows: 0, of: total))
                while true {
                    let rows = try from.rows(of: table, after: last, limit: pageSize)
                    guard let final = rows.last else { break }
                    try to.insert(rows, into: table)
                    copied += rows.count
                    progress(.copying(table: table.name, rows: copied, of: total))
                    last = table.key.compactMap { key in table.columns.firstIndex(of: key).map { final[$0] } }
                    if rows.count < pageSize { break }
                }
            }
            try to.finishCopy { progress(.finishing($0)) }
            return try compare(from, to, progress: progress)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .query(path: target.location, reason: "\(error)")
        }
    }

    /// Counts every table on both sides and compares the digests of every article, in row_id order.
    static func compare(_ source: any CopyEndpoint, _ target: any CopyEndpoint,
                        progress: (Progress) -> Void) throws -> Report {
        let tables = try CopyTable.all.map { table in
            TableReport(table: table.name, source: try source.count(of: table), target: try target.count(of: table))
        }
        let articles = CopyTable.all[2]
        let total = tables[2].source
        var compared = 0
        var mismatched: [String] = []
        var last: [CopyValue]?
        while true {
            let left = try source.rows(of: articles, after: last, limit: pageSize)
            guard let final = left.last else { break }
            let right = try target.rows(of: articles, after: last, limit: pageSize)
            let rightDigests = Dictionary(right.map { (articleID($0), digest($0)) }) { first, _ in first }
            for row in left where rightDigests[articleID(row)] != digest(row) {
                mismatched.append(articleID(row))
            }
            compared += left.count
            progress(.comparing(articles: compared, of: total))
            last = [final[0]]
            if left.count < pageSize { break }
        }
        return Report(tables: tables, articlesCompared: compared, mismatched: mismatched)
    }

    static func articleID(_ row: [CopyValue]) -> String {
        if case .text(let id) = row[1] { return id }
        return ""
    }

    /// SHA-256 of the article's columns, each written unambiguously (`CopyValue.canonical`).
    static func digest(_ row: [CopyValue]) -> String {
        Digest.sha256Hex(row.map(\.canonical).joined(separator: "\u{1F}"))
    }
}
