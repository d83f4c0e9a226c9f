import Foundation
import TestSupport
import Testing

/// A manual refresh never leaves files the archive's owner cannot write (issue 15): root refreshes as
/// the owner, other users are turned away with what to run instead, and an archive out of reach is
/// reported as such. These need root (to chown to `nobody` and to run as it), as CI and the service have.
@Suite(.enabled(if: geteuid() == 0, "needs root to hand folders to another user"))
struct ArchiveOwnerTests {
    let finews = CommandRunner()
    let workspace: Workspace
    let nobody: (uid: uid_t, gid: gid_t)

    init() throws {
        workspace = try Workspace()
        let entry = try #require(getpwnam("nobody"))
        nobody = (entry.pointee.pw_uid, entry.pointee.pw_gid)
        // Another user must be able to read the config and the posts.
        chmod(workspace.folder.url.path, 0o755)
    }

    var config: [String] { ["--config", workspace.configFile.path] }

    /// Runs finews as `nobody`, with no supplementary groups.
    func runAsNobody(_ arguments: [String]) throws -> CommandRunner.Result {
        let runner = CommandRunner(executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
        return try runner.run(["--reuid=\(nobody.uid)", "--regid=\(nobody.gid)", "--clear-groups", "--",
                               finews.executable.path] + arguments)
    }

    func makeFolder(_ relative: String, owner: (uid: uid_t, gid: gid_t), mode: mode_t) throws -> URL {
        let url = workspace.folder.path(relative)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        #expect(chown(url.path, owner.uid, owner.gid) == 0)
        #expect(chmod(url.path, mode) == 0)
        return url
    }

    /// Every file and folder under `url` with its owner.
    func owners(under url: URL) throws -> [String: uid_t] {
        var result: [String: uid_t] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: url.path))
        for case let relative as String in enumerator {
            var status = stat()
            #expect(lstat(url.appendingPathComponent(relative).path, &status) == 0)
            result[relative] = status.st_uid
        }
        return result
    }

    @Test func rootRefreshesAnotherUsersArchiveAsThatUser() throws {
        let state = try makeFolder("var", owner: nobody, mode: 0o750)
        let output = try makeFolder("public", owner: nobody, mode: 0o750)
        let result = try finews.run(["refresh"] + config)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("seeds: 5 new"))
        let written = try owners(under: state).merging(try owners(under: output)) { first, _ in first }
        #expect(written.keys.contains("finews.sqlite"))
        #expect(written.keys.contains("feed.xml"))
        let notNobodys = written.filter { $0.value != nobody.uid }
        #expect(notNobodys.isEmpty, "owned by someone else: \(notNobodys)")
    }

    @Test func aStateFolderNotMadeYetBelongsToTheOwnerOfTheFolderItGoesIn() throws {
        #expect(chown(workspace.folder.url.path, nobody.uid, nobody.gid) == 0)
        let result = try finews.run(["refresh"] + config)
        #expect(result.status == 0, "\(result.stderr)")
        let written = try owners(under: workspace.folder.path("var")).merging(try owners(under: workspace.output)) { first, _ in first }
        #expect(written.keys.contains("finews.sqlite"))
        let notNobodys = written.filter { $0.value != nobody.uid }
        #expect(notNobodys.isEmpty, "owned by someone else: \(notNobodys)")
        var status = stat()
        #expect(stat(workspace.folder.path("var").path, &status) == 0 && status.st_uid == nobody.uid)
    }

    @Test func anotherUserIsTurnedAwayAndWritesNothing() throws {
        let state = try makeFolder("var", owner: (0, 0), mode: 0o755)
        let result = try runAsNobody(["refresh"] + config)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("\(state.path) belongs to user root"), "\(result.stderr)")
        #expect(result.stderr.contains("sudo finews refresh --config \(workspace.configFile.path)"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: state.path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: workspace.output.path))
    }

    @Test func anUnreachableStateFolderIsReportedAsPermissionDenied() throws {
        // Like /var/lib/private/finews for a DynamicUser service: a folder on the way cannot be entered.
        let hidden = try makeFolder("private", owner: (0, 0), mode: 0o700)
        try workspace.folder.write("hidden.yaml", """
            database: \(hidden.path)/finews/finews.sqlite
            output: \(hidden.path)/finews/public
            sources:
              - id: seeds
                kind: files
                path: posts
            """)
        let hiddenConfig = ["--config", workspace.folder.path("hidden.yaml").path]
        let refresh = try runAsNobody(["refresh"] + hiddenConfig)
        #expect(refresh.status == 2)
        #expect(refresh.stderr.contains("\(hidden.path)/finews: Permission denied"), "\(refresh.stderr)")
        #expect(refresh.stderr.contains("systemctl start finews-refresh.service"), "\(refresh.stderr)")
        let articles = try runAsNobody(["articles"] + hiddenConfig)
        #expect(articles.status == 2)
        #expect(articles.stderr.contains("cannot open the archive: permission denied on \(hidden.path)"), "\(articles.stderr)")
        #expect(!articles.stderr.contains("exists"), "\(articles.stderr)")
    }
}
