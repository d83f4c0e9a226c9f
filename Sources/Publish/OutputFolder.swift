import Foundation

/// The publish folder. Files are written beside their target and renamed over it (rename(2) is atomic
/// on one file system), so a reader or web server never sees half a feed; a file whose bytes would not
/// change is left alone, so its mtime — and the ETag and Last-Modified built on it — stay honest.
public struct OutputFolder: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    public func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    /// Returns true when the file was (re)written.
    @discardableResult
    public func write(_ relativePath: String, _ data: Data) throws(PublishError) -> Bool {
        let target = url(relativePath)
        // contents(atPath:) answers nil for a missing file; a first publish writes hundreds of them.
        if let existing = FileManager.default.contents(atPath: target.path), existing == data { return false }
        let folder = target.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(getpid()).tmp")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try data.write(to: temporary)
            guard rename(temporary.path, target.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw PublishError.write(path: target.path, reason: reason)
            }
        } catch let error as PublishError {
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .write(path: target.path, reason: (error as NSError).localizedDescription)
        }
        return true
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
    /// append completes by starting on a fresh line.
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
            try handle.synchronize()
        } catch {
            throw .write(path: target.path, reason: (error as NSError).localizedDescription)
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
