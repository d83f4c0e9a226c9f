/// LSH band key → documents, in memory. Lookup cost depends on the number of bands and of colliding
/// documents, not on the size of the archive.
///
/// The same bands fit one SQLite table (see the Dedup report): `dedup_band(key INTEGER, article_id
/// INTEGER, PRIMARY KEY (key, article_id)) WITHOUT ROWID`, looked up with `key IN (…)`.
public struct NearDuplicateIndex<ID: Hashable & Sendable>: Sendable {
    /// Per band key, the newest posting; postings chain to older ones through `next`.
    private var heads: [Int64: Int32] = [:]
    private var postingDocument: [Int32] = []
    private var postingNext: [Int32] = []
    private var ids: [ID] = []

    public init(expectedDocuments: Int = 0, bandsPerDocument: Int = FingerprintParameters.standard.bands) {
        let postings = expectedDocuments * bandsPerDocument
        heads.reserveCapacity(postings)
        postingDocument.reserveCapacity(postings)
        postingNext.reserveCapacity(postings)
        ids.reserveCapacity(expectedDocuments)
    }

    public var count: Int { ids.count }

    /// Adds a document under its band keys. Ids are not checked for uniqueness: inserting one twice
    /// makes it a candidate twice as often, nothing worse.
    public mutating func insert(_ id: ID, bandKeys: [Int64]) {
        let document = Int32(ids.count)
        ids.append(id)
        for key in bandKeys {
            let posting = Int32(postingDocument.count)
            postingDocument.append(document)
            postingNext.append(heads[key] ?? -1)
            heads[key] = posting
        }
    }

    /// Documents sharing at least one band with the keys, most shared bands first, then newest first.
    /// `limit` bounds the answer and the walk for keys shared by thousands of documents (a template
    /// repeated daily): the newest are kept, as a story's latest reprints are as good as its first.
    public func candidates(for bandKeys: [Int64], limit: Int = 256) -> [Candidate] {
        var shared: [Int32: Int] = [:]
        for key in bandKeys {
            var posting = heads[key] ?? -1
            var walked = 0
            while posting >= 0 && walked < limit * 4 {
                shared[postingDocument[Int(posting)], default: 0] += 1
                posting = postingNext[Int(posting)]
                walked += 1
            }
        }
        let ordered = shared.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key > $1.key }
        return ordered.prefix(limit).map { Candidate(id: ids[Int($0.key)], sharedBands: $0.value) }
    }

    public struct Candidate: Sendable {
        public var id: ID
        public var sharedBands: Int
    }
}

extension NearDuplicateIndex.Candidate: Equatable where ID: Equatable {}
