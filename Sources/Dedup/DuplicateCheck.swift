/// The exact comparison that confirms (or rejects) an index candidate.
public struct Similarity: Sendable, Hashable {
    /// Share of the smaller text's shingles found in the larger one (containment, Broder 1997).
    public var containment: Double
    /// Jaccard similarity of the two shingle sets.
    public var jaccard: Double
    /// Shingles of the smaller text over shingles of the larger: tells a reprint truncated to half
    /// from a two-paragraph digest of a long article.
    public var sizeRatio: Double
    /// Numbers of the smaller text missing from the larger (as a multiset).
    public var unmatchedNumbers: Int
    /// Numbers of the smaller text.
    public var comparedNumbers: Int
}

/// Thresholds of the confirmation step.
public struct DuplicatePolicy: Sendable, Hashable {
    public var minimumContainment: Double
    public var minimumSizeRatio: Double
    /// Tolerated share of the smaller text's numbers that the larger lacks; template reports
    /// (market closes) share their words and differ in nearly every number.
    public var numberTolerance: Double

    public init(minimumContainment: Double = 0.8, minimumSizeRatio: Double = 0.4, numberTolerance: Double = 0.1) {
        self.minimumContainment = minimumContainment
        self.minimumSizeRatio = minimumSizeRatio
        self.numberTolerance = numberTolerance
    }

    public static let standard = DuplicatePolicy()

    public func similarity(_ a: Fingerprint, _ b: Fingerprint) -> Similarity {
        let (small, large) = a.shingles.count <= b.shingles.count ? (a, b) : (b, a)
        let common = Shingles.intersectionCount(small.shingles, large.shingles)
        let union = small.shingles.count + large.shingles.count - common
        let unmatched = Self.unmatchedNumbers(of: small.numbers, in: large.numbers)
        return Similarity(
            containment: small.shingles.isEmpty ? 0 : Double(common) / Double(small.shingles.count),
            jaccard: union == 0 ? 0 : Double(common) / Double(union),
            sizeRatio: large.shingles.isEmpty ? 0 : Double(small.shingles.count) / Double(large.shingles.count),
            unmatchedNumbers: unmatched, comparedNumbers: small.numbers.count)
    }

    /// Whether two fingerprints are the same story.
    public func isDuplicate(_ a: Fingerprint, _ b: Fingerprint) -> Bool {
        guard a.isMatchable, b.isMatchable else { return false }
        return accepts(similarity(a, b))
    }

    public func accepts(_ similarity: Similarity) -> Bool {
        guard similarity.containment >= minimumContainment,
              similarity.sizeRatio >= minimumSizeRatio else { return false }
        let tolerated = Int((Double(similarity.comparedNumbers) * numberTolerance).rounded(.down))
        return similarity.unmatchedNumbers <= tolerated
    }

    /// Multiset difference. A truncated reprint may end inside a number (`26` cut to `2`), so the
    /// smaller text's last number also counts as found when it begins one of the larger's.
    static func unmatchedNumbers(of small: [String], in large: [String]) -> Int {
        var available: [String: Int] = [:]
        for number in large { available[number, default: 0] += 1 }
        var unmatched = 0
        for (index, number) in small.enumerated() {
            if let count = available[number], count > 0 {
                available[number] = count - 1
            } else if index == small.count - 1, large.contains(where: { $0.hasPrefix(number) }) {
                continue
            } else {
                unmatched += 1
            }
        }
        return unmatched
    }
}
