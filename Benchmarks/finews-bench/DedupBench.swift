import Dedup
import Foundation

/// `finews-bench dedup-eval [fixtures-folder]` and `finews-bench dedup-lookup [documents]`.
enum DedupBench {
    static func run(mode: String, arguments: [String]) throws {
        switch mode {
        case "dedup-eval": try evaluate(folder: arguments.first.map(URL.init(fileURLWithPath:)) ?? defaultFolder)
        default: print("unknown dedup mode \(mode)")
        }
    }

    static let defaultFolder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        .deletingLastPathComponent().appendingPathComponent("shared/fixtures/dedup")

    static func loadStream(_ folder: URL) throws -> ([StreamDocument], [StreamLabel]) {
        let documents = try JSONLines.decode(StreamDocument.self,
                                             from: Data(contentsOf: folder.appendingPathComponent("docs.jsonl")),
                                             file: "docs.jsonl")
        let labels = try JSONLines.decode(StreamLabel.self,
                                          from: Data(contentsOf: folder.appendingPathComponent("labels.jsonl")),
                                          file: "labels.jsonl")
        return (documents, labels)
    }

    /// Score plus the margins: the weakest true pairs and the strongest false ones.
    static func evaluate(folder: URL) throws {
        let (documents, labels) = try loadStream(folder)
        let started = ContinuousClock.now
        let (score, _) = DedupEvaluation.evaluate(documents: documents, labels: labels)
        print("stream \(documents.count) documents: \(score) in \(ContinuousClock.now - started)")
        let fingerprinter = Fingerprinter()
        let policy = DuplicatePolicy.standard
        let prints = documents.map { fingerprinter.fingerprint($0.content) }
        let truth = Dictionary(labels.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var lines: [(Double, String)] = []
        for i in documents.indices {
            for j in documents.indices where j > i {
                guard prints[i].isMatchable, prints[j].isMatchable else { continue }
                let similarity = policy.similarity(prints[i], prints[j])
                let same = truth[documents[i].id]?.cluster == truth[documents[j].id]?.cluster
                guard same || similarity.containment > 0.3 else { continue }
                let shared = Set(prints[i].bandKeys).intersection(prints[j].bandKeys).count
                let verdict = policy.accepts(similarity)
                lines.append((similarity.containment, String(format:
                    "%@ %@ %@ %@/%@ contain %.3f jaccard %.3f ratio %.3f numbers %d/%d bands %d",
                    same ? "SAME" : "DIFF", verdict ? "accept" : "reject", documents[i].id, documents[j].id,
                    truth[documents[j].id]?.kind ?? "?", similarity.containment, similarity.jaccard,
                    similarity.sizeRatio, similarity.unmatchedNumbers, similarity.comparedNumbers, shared)))
            }
        }
        for line in lines.sorted(by: { $0.0 < $1.0 }) { print(line.1) }
        let unmatchable = zip(documents, prints).filter { !$0.1.isMatchable }.map(\.0.id)
        print("too short to match: \(unmatchable)")
    }
}
