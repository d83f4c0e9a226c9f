import Foundation
import Model
import Store
import Synchronization

/// The single writer of a refresh: every source's batches, and its health, reach the archive through
/// here, one thread writing at a time. Sources read and prepare concurrently and queue their writes;
/// the writer commits what has queued up while it stored the previous group in one transaction (group
/// commit): 200 feeds arriving together are a handful of transactions instead of 400, so the pages the
/// whole refresh touches (the indexes, the band table, the search index's segments) are written once
/// per group instead of once per source.
///
/// - Each write does exactly what it does alone (`ArchiveTransaction`), in the order the writes were
///   queued, and sees the writes before it in its group (story matching finds an article another
///   source stored a moment earlier).
/// - A caller hears back only once its group is committed, so a source's part counts as stored only
///   when it is on disk; a refresh stopped or killed loses at most the group under way, made of whole
///   batches (a folder's next part is read only after its previous part is committed).
/// - A group holds at most `groupArticles` articles (always at least one write), so a transaction's
///   dirty pages and what a kill can lose stay bounded.
/// - When a write fails, the group is rolled back and its writes are run again one transaction each,
///   so the failure is reported to its caller alone and every other write lands as it would have
///   without the group.
final class ArchiveWriter: SourceWrites {
    let archive: any ArchiveStore
    let refreshID: Int64
    let clock: any WallClock
    let groupArticles: Int
    private let queue = Mutex(Queue())
    /// How many writes each committed transaction held, in order (for tests and the refresh's log).
    private let groups = Mutex<[Int]>([])
    /// Time spent writing, and the writer thread's CPU time in it (rolled-back attempts included),
    /// for the refresh's log.
    private let writing = Mutex<(wall: Duration, cpu: Duration)>((.zero, .zero))

    init(archive: any ArchiveStore, refreshID: Int64, clock: any WallClock, groupArticles: Int = ArchiveWriter.defaultGroupArticles) {
        self.archive = archive
        self.refreshID = refreshID
        self.clock = clock
        self.groupArticles = max(1, groupArticles)
    }

    /// Articles per group commit: large enough that 200 feeds of 25 items are a handful of
    /// transactions (the search index flushes one segment per commit, and the band table's and the
    /// indexes' pages are written once per commit), small enough that a kill loses little and the
    /// batches waiting for the writer stay few (a folder's next part waits for its previous one). The
    /// writer connection keeps SQLite's default page cache (2 MiB): 8 and 32 MiB measured no faster,
    /// since SQLite spills what does not fit to the log within the transaction and writes each page
    /// once per commit either way.
    static let defaultGroupArticles = 1024

    /// Stores one batch; returns once the group holding it is committed.
    func apply(_ batch: SourceBatch) async throws -> SourceOutcome {
        try await withCheckedThrowingContinuation { continuation in
            enqueue(.batch(batch, continuation))
        }
    }

    /// Any other write of the refresh (health, validators), in turn with the batches; returns once committed.
    func perform(_ body: @escaping @Sendable (any ArchiveTransaction) throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            enqueue(.other(body, continuation))
        }
    }

    var committedGroups: [Int] { groups.withLock { $0 } }
    var indexesForSearch: Bool { archive.maintainsSearchIndex }

    func record(_ writes: [IntakeWrite], of sourceID: String) async throws {
        try await perform { [clock, refreshID] transaction in
            for write in writes { try write.run(in: transaction, refreshID: refreshID, at: clock.now()) }
        }
    }
    var timeWriting: (wall: Duration, cpu: Duration) { writing.withLock { $0 } }
    var writesWaiting: Int { queue.withLock { $0.waiting.count } }

    private func enqueue(_ write: Write) {
        let startsWriting = queue.withLock { queue in
            queue.waiting.append(write)
            defer { queue.writing = true }
            return !queue.writing
        }
        // The writer runs on a thread of its own while there is something to write: it blocks on
        // SQLite, and the cooperative pool's threads are the readers' and preparers'.
        if startsWriting { Thread.detachNewThread { self.writeWhileWaiting() } }
    }

    private func writeWhileWaiting() {
        while true {
            let group = queue.withLock { queue in
                let group = queue.nextGroup(articles: groupArticles)
                if group.isEmpty { queue.writing = false }
                return group
            }
            if group.isEmpty { return }
            let (start, cpu) = (ContinuousClock.now, Self.threadCPUTime())
            commit(group)
            let spent = (wall: ContinuousClock.now - start, cpu: Self.threadCPUTime() - cpu)
            writing.withLock { $0 = ($0.wall + spent.wall, $0.cpu + spent.cpu) }
        }
    }

    private static func threadCPUTime() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    private func commit(_ group: [Write]) {
        do {
            let replies = try archive.writeGroup { transaction in
                try group.map { try $0.run(in: transaction, refreshID: refreshID, clock: clock) }
            }
            groups.withLock { $0.append(group.count) }
            for reply in replies { reply.send() }
        } catch {
            guard group.count > 1 else {
                group[0].fail(error)
                return
            }
            for write in group {
                do {
                    let reply = try archive.writeGroup { transaction in
                        try write.run(in: transaction, refreshID: refreshID, clock: clock)
                    }
                    groups.withLock { $0.append(1) }
                    reply.send()
                } catch {
                    write.fail(error)
                }
            }
        }
    }
}

extension ArchiveWriter {
    /// One queued write and who waits for it.
    enum Write: Sendable {
        case batch(SourceBatch, CheckedContinuation<SourceOutcome, any Error>)
        case other(@Sendable (any ArchiveTransaction) throws -> Void, CheckedContinuation<Void, any Error>)

        var articles: Int {
            switch self {
            case .batch(let batch, _): batch.articles.count
            case .other: 0
            }
        }

        /// Writes inside the transaction; returns the reply to give once it is committed.
        func run(in transaction: any ArchiveTransaction, refreshID: Int64, clock: any WallClock) throws -> Reply {
            switch self {
            case let .batch(batch, continuation):
                let outcome = try transaction.apply(batch, refreshID: refreshID, at: clock.now())
                return Reply { continuation.resume(returning: outcome) }
            case let .other(body, continuation):
                try body(transaction)
                return Reply { continuation.resume() }
            }
        }

        func fail(_ error: any Error) {
            switch self {
            case .batch(_, let continuation): continuation.resume(throwing: error)
            case .other(_, let continuation): continuation.resume(throwing: error)
            }
        }
    }

    struct Reply {
        let send: () -> Void
    }

    struct Queue {
        var waiting: [Write] = []
        /// Whether a writer thread is running; it stops when it finds nothing waiting.
        var writing = false

        /// The writes waiting, in order, up to `articles` articles (at least one write).
        mutating func nextGroup(articles limit: Int) -> [Write] {
            let count = Self.groupLength(waiting.lazy.map(\.articles), limit: limit)
            defer { waiting.removeFirst(count) }
            return Array(waiting.prefix(count))
        }

        /// How many of the writes (given by their article counts) the next group takes.
        static func groupLength(_ articles: some Sequence<Int>, limit: Int) -> Int {
            var count = 0
            var total = 0
            for size in articles {
                if count > 0 && total + size > limit { break }
                count += 1
                total += size
            }
            return count
        }
    }
}
