import Foundation

// Written by hand so that a count or list an older finews did not send (a daemon answering a hand-off
// across an upgrade) reads as empty instead of failing the whole answer.
extension SourceOutcome {
    private enum CodingKeys: String, CodingKey {
        case sourceID, new, updated, unchanged, removed, merged, skipped, errors, warnings, failure, retryAfter
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(sourceID: try container.decode(String.self, forKey: .sourceID))
        new = try container.decodeIfPresent(Int.self, forKey: .new) ?? 0
        updated = try container.decodeIfPresent(Int.self, forKey: .updated) ?? 0
        unchanged = try container.decodeIfPresent(Int.self, forKey: .unchanged) ?? 0
        removed = try container.decodeIfPresent(Int.self, forKey: .removed) ?? 0
        merged = try container.decodeIfPresent(Int.self, forKey: .merged) ?? 0
        skipped = try container.decodeIfPresent(Int.self, forKey: .skipped) ?? 0
        errors = try container.decodeIfPresent([String].self, forKey: .errors) ?? []
        warnings = try container.decodeIfPresent([String].self, forKey: .warnings) ?? []
        failure = try container.decodeIfPresent(String.self, forKey: .failure)
        retryAfter = try container.decodeIfPresent(Date.self, forKey: .retryAfter)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sourceID, forKey: .sourceID)
        try container.encode(new, forKey: .new)
        try container.encode(updated, forKey: .updated)
        try container.encode(unchanged, forKey: .unchanged)
        try container.encode(removed, forKey: .removed)
        try container.encode(merged, forKey: .merged)
        try container.encode(skipped, forKey: .skipped)
        try container.encode(errors, forKey: .errors)
        try container.encode(warnings, forKey: .warnings)
        try container.encodeIfPresent(failure, forKey: .failure)
        try container.encodeIfPresent(retryAfter, forKey: .retryAfter)
    }
}
