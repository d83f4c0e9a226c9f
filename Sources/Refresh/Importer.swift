import Config
import Foundation
import Logging
import Model
import Publish
import Store

/// `finews import FILE.jsonl`: a dump of articles, one JSON object per line with `id, source, url,
/// title, published, content` (plain text, paragraphs separated by newlines), ingested in order through
/// the same preparation, identity, revision and story logic as every source, then published.
public struct Importer: Sendable {
    public let config: FinewsConfig
    public let archive: any ArchiveStore
    public let clock: any WallClock
    /// The archive source the lines are filed under; each line's `source` becomes the outlet.
    public var sourceID = "import"
    /// Lines per writer transaction.
    public var chunkSize = Importer.defaultChunkSize
    public static let defaultChunkSize = 500
    /// Lines of the first writer transaction; each next one doubles, up to `chunkSize`. The writer waits
    /// for the first chunk to be read and prepared, and nothing else overlaps that wait, so a small one
    /// starts it sooner; once it runs, the next chunk is prepared while it writes. With the search
    /// index the writer is the slower side, so what it waits for at the start is added to the import.
    public var firstChunkSize = Importer.defaultFirstChunkSize
    public static let defaultFirstChunkSize = 64
    /// Called after each chunk is committed: the bytes read so far (one chunk may be read ahead of the
    /// writer) and the lines stored.
    public var progress: (@Sendable (_ bytesRead: Int, _ totalBytes: Int, _ linesStored: Int) -> Void)?

    public init(config: FinewsConfig, archive: any ArchiveStore, clock: any WallClock = SystemClock()) {
        self.config = config
        self.archive = archive
        self.clock = clock
    }

    public struct Report: Sendable {
        public var lines = 0
        public var outcome: SourceOutcome
        public var publishedFiles: [String] = []
    }

    /// Lines are read and prepared while the writer stores the chunk before (as a refresh overlaps a
    /// folder's parts), so the single writer and the other cores work at once; at most one chunk waits
    /// for the writer.
    public func run(file: URL) async throws -> Report {
        let reader = try LineReader(file)
        let refreshID = try archive.beginRefresh(trigger: .import, at: clock.now())
        var report = Report(outcome: SourceOutcome(sourceID: sourceID))
        var pending: [ArticleDraft] = []
        var errors: [String] = []
        var inFlight: Task<SourceOutcome, any Error>?
        var currentChunk = max(1, min(firstChunkSize, chunkSize))
        var (linesStored, linesInFlight, linesPending) = (0, 0, 0)
        let preparation = Preparation(identity: ItemIdentity(policy: .auto, hostAliases: [:]),
                                      indexesForSearch: archive.maintainsSearchIndex)
        func waitForPrevious() async throws {
            guard let part = inFlight else { return }
            inFlight = nil
            report.outcome.add(try await part.value)
            linesStored += linesInFlight
            linesInFlight = 0
            progress?(reader.bytesRead, reader.totalBytes, linesStored)
        }
        func flush() async throws {
            guard !pending.isEmpty || !errors.isEmpty else { return }
            let batch = SourceBatch(sourceID: sourceID, kind: "import", title: "import",
                                    articles: await preparation.prepare(pending), errors: errors)
            pending.removeAll(keepingCapacity: true)
            errors.removeAll()
            try await waitForPrevious()
            (linesInFlight, linesPending) = (linesPending, 0)
            let (archive, clock) = (archive, clock)
            inFlight = Task { try archive.apply(batch, refreshID: refreshID, at: clock.now()) }
        }
        do {
            while let (number, line) = try reader.next() {
                report.lines += 1
                linesPending += 1
                switch ImportLine.parse(line, number: number, file: file.lastPathComponent, timeZone: config.timeZone) {
                case .success(let draft): pending.append(draft)
                case .failure(let error): errors.append(error.description)
                case nil:
                    report.lines -= 1
                    linesPending -= 1
                }
                if pending.count >= currentChunk {
                    try await flush()
                    currentChunk = min(chunkSize, currentChunk * 2)
                }
            }
            try await flush()
            try await waitForPrevious()
        } catch {
            // The chunk in flight is committed whole or not at all; nothing writes after this returns.
            if let part = inFlight { _ = await part.result }
            throw error
        }
        try archive.finishRefresh(refreshID, outcomes: [report.outcome], at: clock.now())
        report.publishedFiles = try Publisher(archive: archive, config: config).publish()
        return report
    }
}
