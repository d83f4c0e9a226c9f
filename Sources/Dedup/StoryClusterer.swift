/// Assigns each incoming article to a story, in arrival order: it joins the story of the first
/// candidate (most shared bands first) that the exact check confirms, or starts its own.
/// In memory, for evaluation and benchmarks; a refresh files stories through `StoryMatcher`, over the
/// archive's band table.
public struct StoryClusterer<ID: Hashable & Sendable>: Sendable {
    public var fingerprinter: Fingerprinter
    public var policy: DuplicatePolicy
    private var index = NearDuplicateIndex<ID>()
    private var fingerprints: [ID: Fingerprint] = [:]
    private var stories: [ID: ID] = [:]

    public init(fingerprinter: Fingerprinter = Fingerprinter(), policy: DuplicatePolicy = .standard) {
        self.fingerprinter = fingerprinter
        self.policy = policy
    }

    public struct Assignment: Sendable {
        /// The story: the id of its first article.
        public var story: ID
        /// The earlier article that confirmed the match; nil for a new story.
        public var matched: ID?
    }

    public mutating func add(_ id: ID, text: String) -> Assignment {
        add(id, fingerprint: fingerprinter.fingerprint(text))
    }

    public mutating func add(_ id: ID, fingerprint: Fingerprint) -> Assignment {
        guard fingerprint.isMatchable else {
            stories[id] = id
            return Assignment(story: id, matched: nil)
        }
        let match = firstConfirmedMatch(for: fingerprint)
        let story = match.flatMap { stories[$0] } ?? id
        stories[id] = story
        fingerprints[id] = fingerprint
        index.insert(id, bandKeys: fingerprint.bandKeys)
        return Assignment(story: story, matched: match)
    }

    public func story(of id: ID) -> ID? { stories[id] }

    private func firstConfirmedMatch(for fingerprint: Fingerprint) -> ID? {
        for candidate in index.candidates(for: fingerprint.bandKeys) {
            guard let stored = fingerprints[candidate.id] else { continue }
            if policy.isDuplicate(fingerprint, stored) { return candidate.id }
        }
        return nil
    }
}
