import Foundation

/// The files below a folder, found without following a symbolic link twice into the same place.
struct FolderListing {
    struct File: Sendable {
        var url: URL
        var relativePath: String
        var size: Int
        /// Modification time in nanoseconds since the epoch.
        var modified: Int
    }

    private(set) var files: [File] = []
    private(set) var errors: [SourceError] = []

    /// Assets that sit beside posts in Jekyll and Hexo folders; they are not articles.
    static let skippedExtensions: Set<String> = [
        "jpg", "jpeg", "png", "gif", "webp", "svg", "ico", "css", "js", "map", "woff", "woff2", "ttf", "pdf",
        "yml", "yaml", "json", "lock",
    ]

    init(_ folder: URL) throws(SourceError) {
        let root = folder.resolvingSymlinksInPath()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw .folderUnreadable(path: folder.path, reason: "no such folder")
        }
        var visited: Set<String> = [root.path]
        var pending: [(url: URL, relative: String)] = [(root, "")]
        while let (current, relative) = pending.popLast() {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: current.path).sorted()
            } catch {
                if relative.isEmpty { throw .folderUnreadable(path: folder.path, reason: "\(error)") }
                errors.append(.unreadable(location: relative, reason: (error as NSError).localizedDescription))
                continue
            }
            for name in names where !name.hasPrefix(".") && !name.hasPrefix("_") {
                let url = current.appendingPathComponent(name)
                let path = relative.isEmpty ? name : relative + "/" + name
                visit(url, path: path, visited: &visited, pending: &pending)
            }
        }
        files.sort { $0.relativePath < $1.relativePath }
    }

    private mutating func visit(_ url: URL, path: String, visited: inout Set<String>,
                                pending: inout [(url: URL, relative: String)]) {
        // stat() follows links; ELOOP means a link that points back at itself.
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            errors.append(errno == ELOOP ? .symlinkLoop(location: path)
                : .unreadable(location: path, reason: String(cString: strerror(errno))))
            return
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            let real = url.resolvingSymlinksInPath().path
            guard visited.insert(real).inserted else {
                errors.append(.symlinkLoop(location: path))
                return
            }
            pending.append((url, path))
        } else if (info.st_mode & S_IFMT) == S_IFREG {
            guard !Self.skippedExtensions.contains(url.pathExtension.lowercased()) else { return }
            let modified = Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
            files.append(File(url: url, relativePath: path, size: Int(info.st_size), modified: modified))
        }
    }
}
