import Foundation

/// The files below a folder, found without following a symbolic link twice into the same place.
///
/// A file is its path relative to the folder plus its stamp, not a `URL`: a folder of 10,000 posts is
/// listed whole before the first part is read, and a URL object per file held about 600 bytes each.
struct FolderListing {
    struct File: Sendable {
        var relativePath: String
        var size: Int
        /// Modification time in nanoseconds since the epoch.
        var modified: Int

        /// The extension of the file's name (`md`, `html`), as `URL.pathExtension` gives it.
        var pathExtension: String { FolderListing.pathExtension(of: relativePath) }
    }

    /// The folder, symbolic links resolved: files are read at `root + "/" + relativePath`.
    let root: String
    private(set) var files: [File] = []
    private(set) var errors: [SourceError] = []

    /// Assets that sit beside posts in Jekyll and Hexo folders; they are not articles.
    static let skippedExtensions: Set<String> = [
        "jpg", "jpeg", "png", "gif", "webp", "svg", "ico", "css", "js", "map", "woff", "woff2", "ttf", "pdf",
        "yml", "yaml", "json", "lock",
    ]

    init(_ folder: URL) throws(SourceError) {
        let rootURL = folder.resolvingSymlinksInPath()
        root = rootURL.path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue else {
            throw .folderUnreadable(path: folder.path, reason: "no such folder")
        }
        var visited: Set<String> = [root]
        var pending: [String] = [""]
        while let relative = pending.popLast() {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path(of: relative)).sorted()
            } catch {
                if relative.isEmpty { throw .folderUnreadable(path: folder.path, reason: "\(error)") }
                errors.append(.unreadable(location: relative, reason: (error as NSError).localizedDescription))
                continue
            }
            for name in names where !name.hasPrefix(".") && !name.hasPrefix("_") {
                visit(relative.isEmpty ? name : relative + "/" + name, visited: &visited, pending: &pending)
            }
        }
        files.sort { $0.relativePath < $1.relativePath }
    }

    /// The absolute path of a file or folder of the listing.
    func path(of relativePath: String) -> String {
        relativePath.isEmpty ? root : root + "/" + relativePath
    }

    private mutating func visit(_ relative: String, visited: inout Set<String>, pending: inout [String]) {
        let full = path(of: relative)
        // stat() follows links; ELOOP means a link that points back at itself.
        var info = stat()
        guard stat(full, &info) == 0 else {
            errors.append(errno == ELOOP ? .symlinkLoop(location: relative)
                : .unreadable(location: relative, reason: String(cString: strerror(errno))))
            return
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            let real = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
            guard visited.insert(real).inserted else {
                errors.append(.symlinkLoop(location: relative))
                return
            }
            pending.append(relative)
        } else if (info.st_mode & S_IFMT) == S_IFREG {
            guard !Self.skippedExtensions.contains(Self.pathExtension(of: relative).lowercased()) else { return }
            let modified = Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
            files.append(File(relativePath: relative, size: Int(info.st_size), modified: modified))
        }
    }

    /// What follows the last dot of the last path component, unless that dot starts or ends the name
    /// (`.profile` and `notes.` have none), as `URL.pathExtension` reads it.
    static func pathExtension(of path: String) -> String {
        let name = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { path[path.utf8.index(after: $0)...] } ?? path[...]
        guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")), dot != name.startIndex else { return "" }
        return String(name[name.utf8.index(after: dot)...])
    }
}
