import Dedup
import Foundation
public import Model

/// One write a refresh makes for a source, as a value: what the in-process writer runs inside its group
/// (`ArchiveWriter`), and what a fetch worker hands to the PostgreSQL intake for the filer to run there
/// (issue 16). The filer runs it through the same `ArchiveTransaction` calls, so a batch filed from the
/// intake lands exactly as it would have in the fetching process.
public enum IntakeWrite: Sendable {
    /// A source's batch (or one part of a large source), prepared.
    case batch(SourceBatch)
    /// An attempt for the source's health; the next attempt follows `SourceBackoff(interval:)` from the
    /// consecutive failures the archive counts, and the server's Retry-After.
    case attempt(SourceAttempt, interval: TimeInterval, retryAfter: Date?)
    /// The source URL's HTTP validators, kept once its items were stored cleanly.
    case validators(HTTPValidators?, url: String, at: Date)

    public var articles: Int {
        if case .batch(let batch) = self { return batch.articles.count }
        return 0
    }

    /// The writes of one intake row as bytes (JSON: readable with `psql` when something goes wrong, and
    /// a batch's size is dominated by its HTML and text either way).
    public static func encode(_ writes: [IntakeWrite]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(writes.map(Coded.init))
    }

    public static func decode(_ data: Data) throws -> [IntakeWrite] {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try decoder.decode([Coded].self, from: data).map { try $0.write }
    }
}

extension IntakeWrite {
    /// The serialised form: one optional field per case.
    struct Coded: Codable {
        var batch: CodedBatch?
        var attempt: CodedAttempt?
        var validators: CodedValidators?

        init(_ write: IntakeWrite) {
            switch write {
            case .batch(let batch): self.batch = CodedBatch(batch)
            case let .attempt(attempt, interval, retryAfter):
                self.attempt = CodedAttempt(sourceID: attempt.sourceID, at: attempt.at, httpStatus: attempt.httpStatus,
                                            error: attempt.error, interval: interval, retryAfter: retryAfter)
            case let .validators(validators, url, at): self.validators = CodedValidators(validators: validators, url: url, at: at)
            }
        }

        var write: IntakeWrite {
            get throws {
                if let batch { return .batch(batch.batch) }
                if let attempt {
                    return .attempt(SourceAttempt(sourceID: attempt.sourceID, at: attempt.at, httpStatus: attempt.httpStatus,
                                                  error: attempt.error),
                                    interval: attempt.interval, retryAfter: attempt.retryAfter)
                }
                if let validators { return .validators(validators.validators, url: validators.url, at: validators.at) }
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "an intake write of no known kind"))
            }
        }
    }

    struct CodedAttempt: Codable {
        var sourceID: String
        var at: Date
        var httpStatus: Int?
        var error: String?
        var interval: TimeInterval
        var retryAfter: Date?
    }

    struct CodedValidators: Codable {
        var validators: HTTPValidators?
        var url: String
        var at: Date
    }

    struct CodedBatch: Codable {
        var sourceID: String
        var kind: String
        var title: String?
        var articles: [CodedArticle]
        var completeListing: [String]?
        /// -1: every stored article not read again; otherwise a count.
        var unchanged: Int
        var checkedOrigins: [String]
        var errors: [String]
        var skipped: Int
        var failure: String?

        init(_ batch: SourceBatch) {
            sourceID = batch.sourceID
            kind = batch.kind
            title = batch.title
            articles = batch.articles.map(CodedArticle.init)
            completeListing = batch.completeListing.map { $0.sorted() }
            switch batch.unchanged {
            case .allNotRead: unchanged = -1
            case .count(let count): unchanged = count
            }
            checkedOrigins = batch.checkedOrigins.sorted()
            errors = batch.errors
            skipped = batch.skipped
            failure = batch.failure
        }

        var batch: SourceBatch {
            var batch = SourceBatch(sourceID: sourceID, kind: kind, title: title, articles: articles.map(\.article),
                                    completeListing: completeListing.map(Set.init),
                                    unchanged: unchanged < 0 ? .allNotRead : .count(unchanged), errors: errors, failure: failure)
            batch.checkedOrigins = Set(checkedOrigins)
            batch.skipped = skipped
            return batch
        }
    }

    struct CodedArticle: Codable {
        var itemID: String
        var origin: String?
        var originStamp: String?
        var link: String?
        var title: String
        var published: ZonedDate?
        var outlet: String?
        var author: String?
        var categories: [Category]
        var tags: [String]
        var imageURL: String?
        var contentHTML: String
        var contentText: String
        var contentHash: String
        var fingerprint: CodedFingerprint
        var search: [String]?

        init(_ article: PreparedArticle) {
            itemID = article.itemID
            origin = article.origin
            originStamp = article.originStamp
            link = article.link
            title = article.title
            published = article.published
            outlet = article.outlet
            author = article.author
            categories = article.categories
            tags = article.tags
            imageURL = article.imageURL
            contentHTML = article.contentHTML
            contentText = article.contentText
            contentHash = article.contentHash
            let print = article.fingerprint
            fingerprint = CodedFingerprint(length: print.length, shingles: print.shingles, numbers: print.numbers,
                                           signature: print.signature, bandKeys: print.bandKeys, isMatchable: print.isMatchable)
            search = article.searchDocument.map { [$0.title, $0.body, $0.tails] }
        }

        var article: PreparedArticle {
            let print = Fingerprint(length: fingerprint.length, shingles: fingerprint.shingles, numbers: fingerprint.numbers,
                                    signature: fingerprint.signature, bandKeys: fingerprint.bandKeys,
                                    isMatchable: fingerprint.isMatchable)
            let document = search.flatMap { $0.count == 3 ? SearchDocument(restoring: $0[0], body: $0[1], tails: $0[2]) : nil }
            return PreparedArticle(itemID: itemID, origin: origin, originStamp: originStamp, link: link, title: title,
                                   published: published, outlet: outlet, author: author, categories: categories, tags: tags,
                                   imageURL: imageURL, contentHTML: contentHTML, contentText: contentText,
                                   fingerprint: print, searchDocument: document, contentHash: contentHash)
        }
    }

    struct CodedFingerprint: Codable {
        var length: Int
        var shingles: [UInt32]
        var numbers: [String]
        var signature: [UInt32]
        var bandKeys: [Int64]
        var isMatchable: Bool
    }
}

extension SearchDocument {
    /// A document made elsewhere, as it was made.
    init(restoring title: String, body: String, tails: String) {
        self.title = title
        self.body = body
        self.tails = tails
    }
}
