import Foundation

/// RLIMIT_NICE, which Glibc imports as an enum case on Linux.
private let RLIMIT_NICE_VALUE = __rlimit_resource_t(__RLIMIT_NICE.rawValue)

/// Who writes the archive when `finews refresh` runs on its own (no daemon took the job).
///
/// Every file under the state and output folders must belong to the archive's owner: a refresh run as
/// root on the service's archive would otherwise leave root-owned folders the service can no longer
/// write (issue 15). So root becomes the owner of the state folder before opening anything, and any
/// other user who does not own it is turned away with what to run instead.
enum ArchiveOwner {
    enum Decision: Equatable {
        /// The state folder (or the folder it will be made in) is this user's.
        case runHere
        /// Root refreshing another user's archive: become that user first.
        case become(uid: uid_t, gid: gid_t)
        case refuse(String)
    }

    static func decide(stateDirectory: URL, configFile: String, effectiveUser: uid_t = geteuid()) -> Decision {
        if let problem = unreachable(stateDirectory, configFile: configFile, effectiveUser: effectiveUser) {
            return .refuse(problem)
        }
        // A state folder not made yet will belong to whoever makes it: judge by the folder it goes in.
        var folder = stateDirectory.standardizedFileURL
        var status = stat()
        while stat(folder.path, &status) != 0 {
            guard errno == ENOENT, folder.path != "/" else { return .runHere }
            folder = folder.deletingLastPathComponent()
        }
        if status.st_uid == effectiveUser { return .runHere }
        if effectiveUser == 0 { return .become(uid: status.st_uid, gid: status.st_gid) }
        return .refuse("\(folder.path) belongs to user \(userName(status.st_uid)), not to \(userName(effectiveUser)): "
            + "a refresh here would leave files the owner cannot write. "
            + whatToRun(configFile: configFile, group: groupName(status.st_gid)))
    }

    /// Why this user cannot even look at the state folder (a folder on the way it may not enter); nil when
    /// it can, or when the folder does not exist yet.
    static func unreachable(_ stateDirectory: URL, configFile: String, effectiveUser: uid_t = geteuid()) -> String? {
        var status = stat()
        guard stat(stateDirectory.path, &status) != 0 else { return nil }
        let code = errno
        guard code != ENOENT else { return nil }
        return "\(stateDirectory.path): \(String(cString: strerror(code))): this user (\(userName(effectiveUser))) "
            + "cannot reach the archive's state folder. \(whatToRun(configFile: configFile, group: nil))"
    }

    static func whatToRun(configFile: String, group: String?) -> String {
        let members = group.map { " (root and members of group '\($0)' may hand it off)" } ?? ""
        return "Start the daemon (`sudo systemctl start finews`) and run `finews refresh` again to hand the refresh to it\(members), "
            + "or run `sudo finews refresh --config \(configFile)` (it refreshes as the archive's owner), "
            + "or `sudo systemctl start finews-refresh.service`."
    }

    /// Drops root for good: supplementary groups, then group, then user (the order matters: after
    /// setuid there is no right left to change the others).
    static func become(uid: uid_t, gid: gid_t) throws(CLIError) {
        // The units' LimitNICE=-4: libdispatch's user-initiated workers ask for nice -4 and log to syslog
        // when refused, which root may grant before giving up its rights.
        var nice = rlimit(rlim_cur: 24, rlim_max: 24)
        if getrlimit(RLIMIT_NICE_VALUE, &nice) == 0, nice.rlim_max < 24 {
            nice = rlimit(rlim_cur: 24, rlim_max: 24)
            setrlimit(RLIMIT_NICE_VALUE, &nice)
        }
        guard setgroups(0, nil) == 0, setgid(gid) == 0, setuid(uid) == 0 else {
            throw .usage("cannot switch to user \(userName(uid)) (uid \(uid), gid \(gid)): \(String(cString: strerror(errno)))")
        }
        guard getuid() == uid, geteuid() == uid, getgid() == gid, setuid(0) != 0 else {
            throw .usage("switching to user \(userName(uid)) did not drop root")
        }
    }

    static func userName(_ uid: uid_t) -> String {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "uid \(uid)" }
        return String(cString: name)
    }

    static func groupName(_ gid: gid_t) -> String {
        guard let entry = getgrgid(gid), let name = entry.pointee.gr_name else { return "gid \(gid)" }
        return String(cString: name)
    }
}
