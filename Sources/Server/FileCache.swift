import Foundation
import HTTPTypes
import Model
import NIOCore
import Synchronization

/// One published file held in memory with everything a response needs, computed once per version.
struct CachedFile: Sendable {
    /// Device, inode, size and mtime: the publisher renames a new file over the old one, so any change of
    /// content shows here, and a file left alone (same bytes) keeps its validators.
    struct Version: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int
        var mtimeNanoseconds: Int64
    }

    var version: Version
    var identity: ByteBuffer
    var gzip: ByteBuffer?
    var contentType: String
    /// Strong validators derived from size and mtime; the gzip variant gets its own (RFC 9110 §8.8.3).
    var etag: String
    var gzipETag: String
    var lastModified: String
    var lastModifiedSeconds: Int
    /// Response headers built once per version; a request only picks one.
    var identityHeaders = HTTPFields()
    var gzipHeaders = HTTPFields()
    var notModifiedHeaders = HTTPFields()
    var gzipNotModifiedHeaders = HTTPFields()

    mutating func buildHeaders() {
        var common = HTTPFields()
        common[.contentType] = contentType
        common[.lastModified] = lastModified
        common[.cacheControl] = "no-cache"
        if gzip != nil { common[.vary] = "Accept-Encoding" }
        notModifiedHeaders = common
        notModifiedHeaders[.eTag] = etag
        identityHeaders = notModifiedHeaders
        identityHeaders[.contentLength] = String(identity.readableBytes)
        if let gzip {
            gzipNotModifiedHeaders = common
            gzipNotModifiedHeaders[.eTag] = gzipETag
            gzipHeaders = gzipNotModifiedHeaders
            gzipHeaders[.contentEncoding] = "gzip"
            gzipHeaders[.contentLength] = String(gzip.readableBytes)
        }
    }
}

/// Feeds served from memory. A file is read and gzipped when its version changes, never per request.
/// Its version is checked with stat(2) when the publish generation moved (the daemon published) and
/// otherwise at most every `revalidateNanoseconds`, so a file replaced behind the daemon's back is seen
/// within that time; bytes and validators always belong together.
final class FileCache: Sendable {
    /// Larger files (an old `changes.jsonl`) are streamed from disk instead of held.
    static let maximumCachedSize = 16 << 20
    /// Past this total the cache starts over; the output folder is normally far smaller.
    static let maximumTotalSize = 256 << 20
    /// Request paths remembered; percent-encoded variants of one path share the file's entry.
    static let maximumRoutes = 4096
    static let revalidateNanoseconds: UInt64 = 1_000_000_000

    private struct Entry {
        var file: CachedFile
        var generation: Int
        var checked: UInt64
    }

    private struct State {
        var files: [String: Entry] = [:]
        var total = 0
        /// Request path → file path, so a repeated request skips decoding and checking the path.
        var routes: [String: String] = [:]
    }

    private let state = Mutex(State())

    enum Lookup {
        case cached(CachedFile)
        case tooLarge(path: String, size: Int)
        case missing
    }

    /// The fast way in: a request path seen before, whose file is fresh for this generation.
    func fresh(route: String, generation: Int, now: UInt64) -> CachedFile? {
        state.withLock { state in
            guard let path = state.routes[route], let entry = state.files[path], entry.generation == generation,
                  now &- entry.checked < Self.revalidateNanoseconds else { return nil }
            return entry.file
        }
    }

    func lookup(route: String, path: String, contentType: String, generation: Int, now: UInt64) -> Lookup {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return .missing }
        let version = Self.version(of: status)
        let hit: CachedFile? = state.withLock { state in
            guard var entry = state.files[path], entry.file.version == version else { return nil }
            entry.generation = generation
            entry.checked = now
            state.files[path] = entry
            remember(route: route, path: path, in: &state)
            return entry.file
        }
        if let hit { return .cached(hit) }
        if version.size > Self.maximumCachedSize { return .tooLarge(path: path, size: version.size) }
        guard let loaded = Self.load(path: path, contentType: contentType) else { return .missing }
        state.withLock { state in
            if let old = state.files[path] { state.total -= old.file.identity.readableBytes + (old.file.gzip?.readableBytes ?? 0) }
            let size = loaded.identity.readableBytes + (loaded.gzip?.readableBytes ?? 0)
            if state.total + size > Self.maximumTotalSize { state = State() }
            state.files[path] = Entry(file: loaded, generation: generation, checked: now)
            state.total += size
            remember(route: route, path: path, in: &state)
        }
        return .cached(loaded)
    }

    private func remember(route: String, path: String, in state: inout State) {
        if state.routes.count >= Self.maximumRoutes { state.routes.removeAll(keepingCapacity: true) }
        state.routes[route] = path
    }

    static func version(of status: stat) -> CachedFile.Version {
        CachedFile.Version(device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int(status.st_size),
                           mtimeNanoseconds: Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec))
    }
    /// Reads through one descriptor and takes the version from fstat(2) of that descriptor, so the bytes
    /// and the validators always belong to the same file even when a rename lands in between.
    private static func load(path: String, contentType: String) -> CachedFile? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        let version = version(of: status)
        var bytes = [UInt8](repeating: 0, count: version.size)
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + done, $0.count - done) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            done += count
        }
        let tag = String(version.size, radix: 16) + "-" + String(version.mtimeNanoseconds, radix: 16)
        let seconds = Int(status.st_mtim.tv_sec)
        // Below a few hundred bytes the gzip header eats the gain.
        let compressed = bytes.count >= 256 ? Gzip.compress(bytes) : nil
        var file = CachedFile(version: version, identity: ByteBuffer(bytes: bytes), gzip: compressed.map { ByteBuffer(bytes: $0) },
                              contentType: contentType, etag: "\"\(tag)\"", gzipETag: "\"\(tag)-gz\"",
                              lastModified: HTTPDate.format(secondsSince1970: seconds), lastModifiedSeconds: seconds)
        file.buildHeaders()
        return file
    }
}
