/// Pairwise precision and recall of a clustering against labels (the shared fixtures' scoring).
public struct PairwiseScore: Sendable, Hashable, CustomStringConvertible {
    public var truePairs: Int
    public var predictedPairs: Int
    public var correctPairs: Int

    public var precision: Double { predictedPairs == 0 ? 1 : Double(correctPairs) / Double(predictedPairs) }
    public var recall: Double { truePairs == 0 ? 1 : Double(correctPairs) / Double(truePairs) }

    public var description: String {
        "precision \(Self.format(precision)) (\(correctPairs)/\(predictedPairs)), "
            + "recall \(Self.format(recall)) (\(correctPairs)/\(truePairs))"
    }

    private static func format(_ value: Double) -> String {
        String(Int((value * 1000).rounded())).leftPadded(to: 4).inserting(".", at: 1)
    }

    /// Scores predicted clusters against true ones over every unordered pair of documents.
    public static func score<ID: Hashable>(predicted: [ID: String], truth: [ID: String]) -> PairwiseScore {
        let ids = Array(truth.keys)
        var score = PairwiseScore(truePairs: 0, predictedPairs: 0, correctPairs: 0)
        for i in ids.indices {
            for j in ids.indices where j > i {
                let same = truth[ids[i]] == truth[ids[j]]
                let predictedSame = predicted[ids[i]] != nil && predicted[ids[i]] == predicted[ids[j]]
                if same { score.truePairs += 1 }
                if predictedSame { score.predictedPairs += 1 }
                if same && predictedSame { score.correctPairs += 1 }
            }
        }
        return score
    }
}

public enum DedupEvaluation {
    /// Runs documents in order through a `StoryClusterer` and scores the stories against the labels.
    /// Quadratic in the number of labelled documents (pair counting), meant for labelled streams.
    public static func evaluate(documents: [StreamDocument], labels: [StreamLabel],
                                fingerprinter: Fingerprinter = Fingerprinter(),
                                policy: DuplicatePolicy = .standard) -> (score: PairwiseScore, stories: [String: String]) {
        var clusterer = StoryClusterer<String>(fingerprinter: fingerprinter, policy: policy)
        var stories: [String: String] = [:]
        for document in documents {
            stories[document.id] = clusterer.add(document.id, text: document.content).story
        }
        let truth = Dictionary(labels.map { ($0.id, $0.cluster) }, uniquingKeysWith: { first, _ in first })
        return (PairwiseScore.score(predicted: stories, truth: truth), stories)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }

    fileprivate func inserting(_ text: String, at offset: Int) -> String {
        var copy = self
        copy.insert(contentsOf: text, at: copy.index(copy.startIndex, offsetBy: offset))
        return copy
    }
}
