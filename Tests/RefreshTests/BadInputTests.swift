import Config
import Foundation
import Model
import Refresh
import Store
import TestSupport
import Testing

/// Each bad file gets its own error in the summary; the refresh goes on and nothing stored is lost.
@Suite struct BadInputTests {
    let seeded: SeededArchive
    var workspace: Workspace { seeded.workspace }
    var archive: any ArchiveStore { seeded.archive }

    init() throws {
        seeded = try SeededArchive()
    }

    func refresh() async throws -> SourceOutcome {
        try #require(try await seeded.refresh().outcomes.first)
    }

    func write(_ name: String, _ text: String) throws {
        try workspace.folder.write("posts/\(name)", text)
    }

    static let badFiles: [(name: String, expected: String)] = [
        ("unclosed.md", "never closed"),
        ("invalid-yaml.md", "front matter"),
        ("latin1.txt", "not valid UTF-8"),
        ("empty.txt", "empty file"),
        ("blank.txt", "empty file"),
        ("image.bin", "binary data"),
        ("huge.txt", "over the limit"),
        ("baddate.md", "cannot parse the date 'the day after tomorrow'"),
        ("loop", "symbolic link loop"),
    ]

    func writeBadFiles() throws {
        try write("unclosed.md", "---\ntitle: 没有结束\ndate: 2021-12-23\n<p>正文</p>\n")
        try write("invalid-yaml.md", "---\ntitle: [unclosed\n---\n<p>正文</p>\n")
        try workspace.folder.write("posts/latin1.txt", Data([0x54, 0x69, 0x74, 0x6C, 0x65, 0x0A, 0xE9, 0xE8, 0xFF, 0x0A]))
        try write("empty.txt", "")
        try write("blank.txt", "\n  \n\t\n")
        try workspace.folder.write("posts/image.bin", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]))
        let huge = FileManager.default.createFile(atPath: workspace.posts.appendingPathComponent("huge.txt").path, contents: nil)
        #expect(huge)
        let handle = try FileHandle(forWritingTo: workspace.posts.appendingPathComponent("huge.txt"))
        try handle.truncate(atOffset: 50 * 1024 * 1024)
        try handle.close()
        try write("baddate.md", "---\ntitle: 日期错误\ndate: the day after tomorrow\n---\n<p>正文</p>\n")
        try FileManager.default.createSymbolicLink(atPath: workspace.posts.appendingPathComponent("loop").path,
                                                   withDestinationPath: workspace.posts.appendingPathComponent("loop").path)
        try FileManager.default.createDirectory(at: workspace.posts.appendingPathComponent("nested"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: workspace.posts.appendingPathComponent("nested/up").path,
                                                   withDestinationPath: workspace.posts.path)
    }

    @Test func everyBadFileIsReportedAndTheSeedsStillLand() async throws {
        try writeBadFiles()
        let outcome = try await refresh()
        #expect(outcome.new == 5)
        #expect(outcome.failure == nil)
        for (name, expected) in Self.badFiles {
            let error = outcome.errors.first { $0.hasPrefix(name) }
            #expect(error?.contains(expected) == true, "\(name): \(String(describing: error))")
        }
        // The link back to the folder itself is a loop too, caught by the visited set.
        #expect(outcome.errors.contains { $0.hasPrefix("nested/up") && $0.contains("loop") })
        #expect(outcome.errors.count == Self.badFiles.count + 1)
        #expect(try archive.articleCount() == 5)
    }

    @Test func aStoredPostThatTurnsBadIsNotLost() async throws {
        _ = try await refresh()
        let file = workspace.posts.appendingPathComponent("000_563a0070372440d8.txt")
        let original = try Data(contentsOf: file)
        try Data("---\ntitle: 坏了\n".utf8).write(to: file)
        let outcome = try await refresh()
        #expect(outcome.removed == 0)
        #expect(outcome.updated == 0)
        #expect(outcome.errors.count == 1)
        let article = try #require(try archive.latestArticles(.all, limit: 10).first { $0.itemID == "NW202112232224053637" })
        #expect(article.title == "江北新区召开科技金融发展大会")
        #expect(article.removed == nil)
        try original.write(to: file)
        let healed = try await refresh()
        #expect(healed.errors.isEmpty)
        #expect(healed.unchanged == 5)
    }

    @Test func aMissingFolderFailsTheSourceWithoutRemovingAnything() async throws {
        _ = try await refresh()
        try FileManager.default.moveItem(at: workspace.posts, to: workspace.folder.path("elsewhere"))
        let outcome = try await refresh()
        #expect(outcome.failure?.contains("no such folder") == true)
        #expect(outcome.removed == 0)
        #expect(try archive.latestArticles(.all, limit: 10).count == 5)
    }
}
