/// What story matching needs from wherever articles are kept: who is filed under a band key, and
/// what an article says. The archive implements it over its band table inside the writer's
/// transaction, so a match and the join that follows it never race with another write.
public protocol StoryCandidateLookup {
    /// Articles filed under the band key, newest first, at most `limit` (the article being filed
    /// is never among them).
    func articles(inBand key: Int64, limit: Int) throws -> [Int64]
    /// The ranking `StoryMatcher` confirms candidates in: articles among the newest `depth` of at
    /// least one key's band, most keys shared first, newest (largest id) first among equals, at most
    /// `limit`. The default tallies `articles(inBand:limit:)`; a store may answer it in one query, as
    /// long as it finds exactly these candidates in this order.
    func candidates(sharingBands keys: [Int64], depth: Int, limit: Int) throws -> [Int64]
    /// The first of those candidates, in that ranking, that `accept` takes; nil when it takes none.
    /// The default asks for the whole ranking first; a store may hand candidates over as soon as
    /// their rank is certain, so the usual case (the best candidate is the duplicate) reads the fewest
    /// rows.
    func firstCandidate(sharingBands keys: [Int64], depth: Int, limit: Int,
                        where accept: (Int64) throws -> Bool) throws -> Int64?
    /// The content hash of a filed article, nil when it is gone.
    func contentHash(of article: Int64) throws -> String?
    /// The plain text of a filed article, nil when it is gone.
    func contentText(of article: Int64) throws -> String?
}

extension StoryCandidateLookup {
    public func candidates(sharingBands keys: [Int64], depth: Int, limit: Int) throws -> [Int64] {
        var shared: [Int64: Int] = [:]
        for key in keys {
            for article in try articles(inBand: key, limit: depth) { shared[article, default: 0] += 1 }
        }
        return shared.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key > $1.key }
            .prefix(limit).map(\.key)
    }

    public func firstCandidate(sharingBands keys: [Int64], depth: Int, limit: Int,
                               where accept: (Int64) throws -> Bool) throws -> Int64? {
        try candidates(sharingBands: keys, depth: depth, limit: limit).first(where: accept)
    }
}

/// Decides which stored article, if any, a new or revised article is a near-duplicate of: candidates
/// sharing LSH bands, most shared bands first (newest first among equals), each confirmed by the
/// exact check of `DuplicatePolicy`. The new article's fingerprint comes from the refresh's
/// preparation stage; a candidate's is made from its stored text, once per content, and kept in a
/// bounded cache because a growing story's members are candidates again and again.
public struct StoryMatcher: Sendable {
    public let fingerprinter: Fingerprinter
    public let policy: DuplicatePolicy
    private let cache: FingerprintCache

    /// Each band contributes at most its newest `bandDepth` articles: a story reprinted thousands of
    /// times would otherwise make every probe read thousands of rows (and a refresh quadratic), while
    /// its newest members still stand for it.
    public static let bandDepth = 64
    /// Candidates are confirmed one by one; a story reprinted more often than this is still found
    /// through its most similar members.
    public static let candidateLimit = 16

    public init(fingerprinter: Fingerprinter = Fingerprinter(), policy: DuplicatePolicy = .standard,
                cacheCapacity: Int = 256) {
        self.fingerprinter = fingerprinter
        self.policy = policy
        cache = FingerprintCache(capacity: cacheCapacity)
    }

    /// The first confirmed near-duplicate of `fingerprint`, nil when the article stands alone (or is
    /// too short to compare). `contentHash` is the article's own, so its fingerprint is at hand when
    /// it becomes a candidate itself.
    public func match(_ fingerprint: Fingerprint, contentHash: String,
                      in lookup: some StoryCandidateLookup) throws -> Int64? {
        cache.store(fingerprint, for: contentHash)
        guard fingerprint.isMatchable else { return nil }
        return try lookup.firstCandidate(sharingBands: fingerprint.bandKeys, depth: Self.bandDepth,
                                         limit: Self.candidateLimit) { candidate in
            guard let other = try storedFingerprint(of: candidate, in: lookup) else { return false }
            return policy.isDuplicate(fingerprint, other)
        }
    }

    /// Articles sharing at least one band with the keys, best first, at most `candidateLimit`.
    public func candidates(for keys: [Int64], in lookup: some StoryCandidateLookup) throws -> [Int64] {
        try lookup.candidates(sharingBands: keys, depth: Self.bandDepth, limit: Self.candidateLimit)
    }

    private func storedFingerprint(of article: Int64, in lookup: some StoryCandidateLookup) throws -> Fingerprint? {
        guard let hash = try lookup.contentHash(of: article) else { return nil }
        if let cached = cache.fingerprint(for: hash) { return cached }
        guard let text = try lookup.contentText(of: article) else { return nil }
        let fingerprint = fingerprinter.fingerprint(text)
        cache.store(fingerprint, for: hash)
        return fingerprint
    }
}
