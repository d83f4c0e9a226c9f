import Config
import Fetch
import Foundation
import Logging
import Model
import Store

/// Where a source's prepared writes go: the refresh's own single writer (`ArchiveWriter`, one process),
/// or the PostgreSQL intake that the filer applies (`CoordinatedIntake`, a fetch worker).
protocol SourceWrites: Sendable {
    /// Whether articles are prepared with their search documents.
    var indexesForSearch: Bool { get }
    /// Stores (or queues) one batch; returns once it is committed there.
    func apply(_ batch: SourceBatch) async throws -> SourceOutcome
    /// The source's last writes (health, validators), after its batches.
    func record(_ writes: [IntakeWrite], of sourceID: String) async throws
}

/// A fetch worker's writes: each batch is one intake row; the health writes are the source's last row,
/// queued in the same transaction that gives its lease back. Outcomes are counted by the filer; here a
/// batch counts as what it carried.
struct CoordinatedIntake: SourceWrites {
    let coordination: PostgresCoordination
    let indexesForSearch: Bool

    func apply(_ batch: SourceBatch) async throws -> SourceOutcome {
        try coordination.enqueue([.batch(batch)], source: batch.sourceID, releasing: false)
        var outcome = SourceOutcome(sourceID: batch.sourceID)
        outcome.errors = batch.errors
        outcome.failure = batch.failure
        outcome.skipped = batch.skipped
        return outcome
    }

    func record(_ writes: [IntakeWrite], of sourceID: String) async throws {
        try coordination.enqueue(writes, source: sourceID, releasing: true)
    }
}

extension Refresher {
    /// A fetch worker's part of a refresh (`finews serve --role fetch`): reads and prepares the given
    /// sources exactly as `run` does, concurrently, and queues their batches and health in the intake
    /// instead of writing them; no refresh record, no publishing (the filer and the publishers do those).
    /// A source whose reading fails outright still queues its health (the failure), as `run` records it.
    public func fetch(_ ids: [String], into coordination: PostgresCoordination) async throws -> [SourceOutcome] {
        let selected = try ids.compactMap { id throws(RefreshError) -> SourceConfig? in
            guard let source = config.source(id) else { throw .unknownSource(id: id, known: config.sources.map(\.id)) }
            return source
        }
        let client = selected.contains(where: \.kind.isNetwork) ? self.client ?? HTTPClient(policy: config.http) : nil
        let intake = CoordinatedIntake(coordination: coordination, indexesForSearch: archive.maintainsSearchIndex)
        let counter = ProgressCounter(total: selected.count)
        return try await withThrowingTaskGroup(of: SourceOutcome.self) { group in
            for source in selected {
                let context = try context(for: source, client: client)
                group.addTask { try await refresh(source, context: context, writer: intake, counter: counter) }
            }
            var outcomes: [SourceOutcome] = []
            for try await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
    }
}
