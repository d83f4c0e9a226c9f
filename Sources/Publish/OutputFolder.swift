import CFileSync
import Foundation
import Synchronization

/// The publish folder. Files are written beside their target and renamed over it (rename(2) is atomic
/// on one file system), so a reader or web server never sees half a feed, even after a kill; a file
/// whose bytes would not change is left alone, so its mtime — and the ETag and Last-Modified built on
/// it — stay honest.
///
/// Durability: a publish writes all its files first (`OutputBatch.write`), then makes them durable
/// together with one `syncfs(2)` of the output's file system, then renames them. One sync per publish
/// instead of one `fsync` per file: a cold publish writes hundreds of files, and each `fsync` is a
/// journal commit and a disk flush of its own (about 7 ms each here, most of a publish's time). The
/// publisher writes its state file (what it covered) only after another sync, so after a power loss
/// the state never claims more than the disk holds, and the next publish renders again whatever the
/// lost renames would have changed. Files are derived from the archive; none of them is the only copy.
public struct OutputFolder: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    public func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    /// A batch of files written together; nothing is renamed into place before `commit()`.
    public func batch() -> OutputBatch { OutputBatch(folder: self) }

    /// Writes one file (through a batch of one). Returns true when the file was (re)written.
    @discardableResult
    public func write(_ relativePath: String, _ data: Data) throws(PublishError) -> Bool {
        let batch = batch()
        defer { batch.discard() }
        guard try batch.write(relativePath, data) else { return false }
        try batch.commit()
        return true
    }

    /// Writes back everything on the output's file system (one journal commit, one flush).
    func syncFileSystem() throws(PublishError) {
        let folder = open(root.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { throw .write(path: root.path, reason: String(cString: strerror(errno))) }
        defer { close(folder) }
        guard finews_syncfs(folder) == 0 else { throw .write(path: root.path, reason: String(cString: strerror(errno))) }
    }

    /// Removes the temporary files (`.feed.xml.<pid>.tmp`) of a publisher that was killed between writing
    /// and renaming; a live process's are left alone. Returns how many were removed.
    @discardableResult
    public func removeStaleTemporaries() -> Int {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return 0 }
        var removed = 0
        for case let file as URL in walker {
            let parts = file.lastPathComponent.split(separator: ".")
            guard file.lastPathComponent.hasPrefix("."), parts.count >= 3, parts.last == "tmp",
                  let pid = pid_t(parts[parts.count - 2]), pid != getpid(),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            if unlink(file.path) == 0 { removed += 1 }
        }
        return removed
    }

    /// Removes a published file; a file already gone is fine.
    public func remove(_ relativePath: String) throws(PublishError) {
        let target = url(relativePath)
        guard unlink(target.path) == 0 || errno == ENOENT else {
            throw .write(path: target.path, reason: String(cString: strerror(errno)))
        }
    }

    /// Appends to an append-only log. A crash can leave at most a partial last line, which the next
    /// append completes by starting on a fresh line. Not synced here: the publisher's batch commit
    /// syncs the file system before the state file records anything, and a log that lost its tail
    /// resumes after its last complete line.
    public func append(_ relativePath: String, _ data: Data) throws(PublishError) {
        let target = url(relativePath)
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: target.path) {
                _ = FileManager.default.createFile(atPath: target.path, contents: nil)
            }
            let handle = try FileHandle(forUpdating: target)
            defer { try? handle.close() }
            let end = try handle.seekToEnd()
            var bytes = data
            if end > 0 {
                try handle.seek(toOffset: end - 1)
                if handle.readData(ofLength: 1) != Data("\n".utf8) { bytes.insert(contentsOf: Data("\n".utf8), at: 0) }
            }
            try handle.seekToEnd()
            try handle.write(contentsOf: bytes)
        } catch {
            throw .write(path: target.path, reason: (error as NSError).localizedDescription)
        }
    }
}

/// Files staged for one publish: each written to `.<name>.<pid>.tmp` beside its target, made durable
/// with one sync, then renamed over its target. Threads may write through one batch at once (the
/// publisher renders feeds on several); its bookkeeping is behind a lock, the files' bytes are not.
public final class OutputBatch: Sendable {
    public let folder: OutputFolder
    private let staged = Mutex(Staged())

    private struct Staged {
        var pending: [(temporary: String, target: String)] = []
        var targets: Set<String> = []
        var folders: Set<String> = []
    }

    init(folder: OutputFolder) {
        self.folder = folder
    }

    /// Writes the bytes beside the target unless the target already holds exactly them. Returns true
    /// when the file is staged (and will change on `commit()`).
    @discardableResult
    public func write(_ relativePath: String, _ data: Data) throws(PublishError) -> Bool {
        let target = folder.url(relativePath)
        // contents(atPath:) answers nil for a missing file; a first publish writes hundreds of them.
        if let existing = FileManager.default.contents(atPath: target.path), existing == data { return false }
        let parent = target.deletingLastPathComponent()
        let temporary = parent.appendingPathComponent(".\(target.lastPathComponent).\(getpid()).tmp").path
        // Created under the lock: a thread that finds the folder listed must also find it on disk (listed
        // first and created after, a second thread opened its file in a folder not there yet).
        let folderFailure: String? = staged.withLock { staged in
            guard !staged.folders.contains(parent.path) else { return nil }
            do {
                try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            } catch {
                return (error as NSError).localizedDescription
            }
            staged.folders.insert(parent.path)
            return nil
        }
        if let folderFailure { throw .write(path: target.path, reason: folderFailure) }
        let file = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard file >= 0 else { throw .write(path: target.path, reason: String(cString: strerror(errno))) }
        // The same path written twice in a batch reuses its temporary file: the last bytes win.
        staged.withLock { staged in
            if staged.targets.insert(target.path).inserted { staged.pending.append((temporary, target.path)) }
        }
        var failure = Self.writeAll(data, to: file)
        if close(file) != 0 && failure == nil { failure = errno }
        if let failure { throw .write(path: target.path, reason: String(cString: strerror(failure))) }
        return true
    }

    /// Makes every staged file durable with one sync of the file system, then renames each over its
    /// target. A failure leaves the targets not yet renamed as they were, and no temporary files.
    public func commit() throws(PublishError) {
        defer { discard() }
        let pending = staged.withLock { $0.pending }
        guard !pending.isEmpty else { return }
        try folder.syncFileSystem()
        for (index, next) in pending.enumerated() {
            guard rename(next.temporary, next.target) == 0 else {
                let reason = String(cString: strerror(errno))
                staged.withLock { $0.pending.removeFirst(index) }
                throw .write(path: next.target, reason: reason)
            }
        }
        staged.withLock { staged in
            staged.pending.removeAll()
            staged.targets.removeAll()
        }
    }

    /// Removes the temporary files of what was staged and not committed.
    public func discard() {
        let pending = staged.withLock { staged in
            defer {
                staged.pending.removeAll()
                staged.targets.removeAll()
            }
            return staged.pending
        }
        for file in pending { unlink(file.temporary) }
    }

    /// Writes all of `data`, retrying short writes and interruptions; the errno of a failure.
    private static func writeAll(_ data: Data, to file: Int32) -> Int32? {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(file, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
    }
}

public enum PublishError: Error, Sendable, CustomStringConvertible {
    case write(path: String, reason: String)

    public var description: String {
        switch self {
        case let .write(path, reason): "\(path): cannot write: \(reason)"
        }
    }
}
