import Foundation
import TestSupport
import Testing

/// What a stranger's bytes or a damaged disk do to the commands: a clear message and exit code, never a
/// trap, and nothing stored lost or silently replaced.
@Suite struct HostileInputCommandTests {
    let finews = CommandRunner()
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    var config: [String] { ["--config", workspace.configFile.path] }

    /// An offset of +9999 used to trap in `TimeZone(secondsFromGMT:)!` and kill the whole refresh.
    @Test func anImpossibleOffsetInAPostIsAnErrorOfThatPostOnly() throws {
        try workspace.folder.write("posts/offset.md", "---\ntitle: 偏移\ndate: 2021-12-23 13:43:05 +9999\n---\n<p>x</p>\n")
        let result = try finews.run(["refresh"] + config)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("seeds: 5 new"), "\(result.stdout)")
        #expect(result.stdout.contains("offset.md:3"), "\(result.stdout)")
        let atom = try String(contentsOf: workspace.output.appendingPathComponent("atom.xml"), encoding: .utf8)
        #expect(!atom.contains("+100:39") && !atom.contains("+99:99"))
    }

    @Test func anImportLineWithAnImpossibleOffsetOrAScriptLinkDoesNotStopTheImport() throws {
        try workspace.folder.write("dump.jsonl", """
            {"id":"a","source":"甲报","url":"javascript:alert(1)","title":"脚本链接","published":"2021-12-23T13:43:05+08:00","content":"正文甲"}
            {"id":"b","source":"乙报","url":"https://example.com/b","title":"正常","published":"2021-12-23T13:43:05+08:00","content":"正文乙"}
            {"id":"c","source":"丙报","url":"https://example.com/c","title":"偏移","published":"Fri, 09 Apr 2021 18:10:00 +9999","content":"正文丙"}

            """)
        let result = try finews.run(["import", workspace.folder.path("dump.jsonl").path] + config)
        #expect(result.stdout.contains("3 lines"), "\(result.stdout) \(result.stderr)")
        for name in ["feed.xml", "atom.xml", "feed.json"] {
            let text = try String(contentsOf: workspace.output.appendingPathComponent(name), encoding: .utf8)
            #expect(!text.contains("javascript:"), "\(name)")
            #expect(text.contains("正常") && text.contains("脚本链接"), "\(name): the item stays, without its link")
        }
    }

    @Test func aCorruptArchiveIsRefusedAndLeftAsItWas() throws {
        #expect(try finews.run(["refresh"] + config).status == 0)
        let database = workspace.folder.path("var/finews.sqlite")
        for suffix in ["-wal", "-shm"] {
            let side = URL(fileURLWithPath: database.path + suffix)
            if FileManager.default.fileExists(atPath: side.path) { try FileManager.default.removeItem(at: side) }
        }
        let garbage = Data(repeating: 0x5A, count: 8192)
        try garbage.write(to: database)
        let result = try finews.run(["refresh"] + config)
        #expect(result.status != 0)
        #expect(result.status != 1, "not a source error: \(result.stderr)")
        #expect(result.stderr.contains(database.path), "\(result.stderr)")
        #expect(try Data(contentsOf: database) == garbage, "the archive was replaced or changed")
    }
}
