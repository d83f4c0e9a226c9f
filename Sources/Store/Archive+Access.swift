import Foundation

extension Archive {
    /// Why this user cannot open the archive file at `path`, naming the first folder on the way that it
    /// cannot enter or the file it cannot read or write; nil when nothing on the path is out of reach.
    ///
    /// Foundation and SQLite report such failures badly: creating a folder that exists but cannot be
    /// searched fails with "file exists", and SQLite says only "unable to open database file".
    static func accessProblem(for path: String) -> String? {
        let components = URL(fileURLWithPath: path).standardizedFileURL.pathComponents.dropFirst()
        var folder = ""
        for (index, component) in components.enumerated() {
            let current = folder + "/" + component
            let isLast = index == components.count - 1
            var status = stat()
            if stat(current, &status) != 0 {
                let code = errno
                if code == ENOENT {
                    // The rest will be created here: this folder must be writable.
                    let parent = folder.isEmpty ? "/" : folder
                    return access(parent, W_OK | X_OK) == 0 ? nil : denied(parent, "cannot create \(current) in it")
                }
                return "\(current): \(String(cString: strerror(code)))"
            }
            if isLast {
                return access(current, R_OK | W_OK) == 0 ? nil : denied(current, "cannot read and write it")
            }
            if access(current, X_OK) != 0 { return denied(current, "cannot enter it") }
            if index == components.count - 2 && access(current, W_OK) != 0 {
                // SQLite writes its -wal and -shm files beside the archive.
                return denied(current, "cannot write in it")
            }
            folder = current
        }
        return nil
    }

    private static func denied(_ path: String, _ what: String) -> String {
        "permission denied on \(path) (\(what) as uid \(geteuid()))"
    }
}
