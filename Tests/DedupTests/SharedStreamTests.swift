import Foundation
import Testing
import TestSupport
@testable import Dedup

/// The labelled stream of `Tests/Fixtures/dedup`, scored pairwise as its README describes.
struct SharedStreamTests {
    static func load() throws -> (documents: [StreamDocument], labels: [StreamLabel]) {
        let folder = Fixtures.url("dedup")
        let documents = try JSONLines.decode(StreamDocument.self,
                                             from: Data(contentsOf: folder.appendingPathComponent("docs.jsonl")),
                                             file: "docs.jsonl")
        let labels = try JSONLines.decode(StreamLabel.self,
                                          from: Data(contentsOf: folder.appendingPathComponent("labels.jsonl")),
                                          file: "labels.jsonl")
        return (documents, labels)
    }

    @Test func sharedStreamReachesPrecisionAndRecallGoals() throws {
        let (documents, labels) = try Self.load()
        let (score, _) = DedupEvaluation.evaluate(documents: documents, labels: labels)
        print("shared dedup stream: \(score)")
        #expect(score.precision >= 0.99)
        #expect(score.recall >= 0.97)
    }
}
