import Foundation
import HTTPTypes
import Model
import NIOCore
import Subscribe
import Synchronization

/// Feeds narrowed by RSSHub's common parameters (`/atom.xml?filter=区块链`), rendered by the backend on
/// first request and kept, with their own validators, until the next publish. The cache is keyed by
/// the request target as it arrives, so a repeated request is answered on the event loop without
/// parsing it again; the number and total size of kept variants are bounded, least recently used out.
final class FilteredFeeds: Sendable {
    static let maximumEntries = 512
    static let maximumTotalSize = 64 << 20

    private struct Entry {
        var file: CachedFile
        var generation: Int
        var lastUse: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var total = 0
        var clock: UInt64 = 0
    }

    private let state = Mutex(State())

    /// A variant rendered for this publish generation, if any.
    func fresh(_ target: String, generation: Int) -> CachedFile? {
        state.withLock { state in
            guard var entry = state.entries[target] else { return nil }
            guard entry.generation == generation else {
                state.total -= Self.size(entry.file)
                state.entries[target] = nil
                return nil
            }
            state.clock += 1
            entry.lastUse = state.clock
            state.entries[target] = entry
            return entry.file
        }
    }

    func store(_ target: String, _ file: CachedFile, generation: Int) {
        let size = Self.size(file)
        guard size <= Self.maximumTotalSize / 4 else { return }
        state.withLock { state in
            if let old = state.entries.removeValue(forKey: target) { state.total -= Self.size(old.file) }
            while state.entries.count >= Self.maximumEntries || state.total + size > Self.maximumTotalSize,
                  let oldest = state.entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                state.total -= Self.size(oldest.value.file)
                state.entries[oldest.key] = nil
            }
            state.clock += 1
            state.entries[target] = Entry(file: file, generation: generation, lastUse: state.clock)
            state.total += size
        }
    }

    var count: Int { state.withLock { $0.entries.count } }

    private static func size(_ file: CachedFile) -> Int { file.identity.readableBytes + (file.gzip?.readableBytes ?? 0) }

    /// The rendered bytes with validators of their own: the ETag covers the query's meaning and the
    /// bytes, so each distinct query has its own, and a publish that changes nothing in the result keeps it.
    static func cachedFile(_ bytes: [UInt8], contentType: String, query: FeedQuery, renderedAt seconds: Int) -> CachedFile {
        let digest = Digest.sha256Hex(Data(query.canonical.utf8) + Data([0]) + Data(bytes))
        let tag = "q" + String(digest.prefix(20))
        // Compressed while the first request waits, so at deflate's fastest level, nginx's default for
        // answers it compresses on the fly: a third of level 6's time for about a tenth more bytes.
        let compressed = bytes.count >= 256 ? Gzip.compress(bytes, level: 1) : nil
        var file = CachedFile(version: .init(device: 0, inode: 0, size: bytes.count, mtimeNanoseconds: 0),
                              identity: ByteBuffer(bytes: bytes), gzip: compressed.map { ByteBuffer(bytes: $0) },
                              contentType: contentType, etag: "\"\(tag)\"", gzipETag: "\"\(tag)-gz\"",
                              lastModified: HTTPDate.format(secondsSince1970: seconds), lastModifiedSeconds: seconds)
        file.buildHeaders()
        return file
    }

    /// Whether the path names a feed that takes parameters: `atom.xml`, `feed.xml` or `feed.json` at the
    /// top, or in a category, source or keyword feed folder.
    static func isFeed(_ relative: String) -> Bool {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard let name = parts.last, ["atom.xml", "feed.xml", "feed.json"].contains(name) else { return false }
        switch parts.count {
        case 1: return true
        case 3: return ["categories", "sources", "feeds"].contains(parts[0]) && !parts[1].isEmpty
        default: return false
        }
    }
}
