import Foundation
import Model
import Store

/// The single writer of a refresh: every source's batches, and its health, reach the archive through
/// here one at a time. Sources read and prepare concurrently and wait here for their turn, so a
/// large folder cannot run ahead of what has been stored (its memory stays one part deep).
actor ArchiveWriter {
    let archive: Archive
    let refreshID: Int64
    let clock: any WallClock

    init(archive: Archive, refreshID: Int64, clock: any WallClock) {
        self.archive = archive
        self.refreshID = refreshID
        self.clock = clock
    }

    /// Stores one batch in one transaction.
    func apply(_ batch: SourceBatch) throws(StoreError) -> SourceOutcome {
        try archive.apply(batch, refreshID: refreshID, at: clock.now())
    }

    /// Any other write of the refresh (health, validators), in turn with the batches.
    func perform<T: Sendable>(_ body: @Sendable () throws -> T) throws -> T {
        try body()
    }
}
