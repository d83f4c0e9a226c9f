import Foundation
import TestSupport
import Testing

/// `finews migrate` as a user runs it: the seeds refreshed into SQLite, moved up into PostgreSQL, served
/// from there by the same commands, and moved back into a new SQLite file.
@Suite struct MigrateCommandTests {
    let finews = CommandRunner()

    @Test func movesUpIntoPostgresAndBackAndTheArchiveAnswersTheSame() throws {
        let workspace = try Workspace()
        let sqliteConfig = ["--config", workspace.configFile.path]
        #expect(try finews.run(["refresh"] + sqliteConfig).status == 0)
        let server = try PostgresCluster.running().makeDatabase()

        let up = try finews.run(["migrate", "--to", server] + sqliteConfig)
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stdout.contains("articles: 5 rows, 5 in the copy"), "\(up.stdout)")
        #expect(up.stdout.contains("articles compared by digest: 5, differing: 0"))
        #expect(!up.stdout.contains("DIFFERS"))
        // The output is for a pipe or a log: no progress lines.
        #expect(!up.stderr.contains("copying"))

        // The same configuration pointed at the server answers as the file did.
        let text = try String(contentsOf: workspace.configFile, encoding: .utf8)
        let serverConfigFile = try workspace.folder.write("server.yaml",
            text.replacingOccurrences(of: "database: var/finews.sqlite", with: "database: \(server)"))
        let serverConfig = ["--config", serverConfigFile.path]
        for command in [["articles"], ["changes"], ["search", "南京"]] {
            let fromFile = try finews.run(command + sqliteConfig), fromServer = try finews.run(command + serverConfig)
            #expect(fromServer.status == 0, "\(command): \(fromServer.stderr)")
            #expect(fromServer.stdout == fromFile.stdout, "\(command)")
        }
        let refreshed = try finews.run(["refresh"] + serverConfig)
        #expect(refreshed.stdout.contains("seeds: 0 new, 0 updated, 5 unchanged"), "\(refreshed.stdout) \(refreshed.stderr)")

        let back = workspace.folder.path("back.sqlite").path
        let down = try finews.run(["migrate", "--to", back] + serverConfig)
        #expect(down.status == 0, "\(down.stderr)")
        #expect(down.stdout.contains("articles compared by digest: 5, differing: 0"))
        #expect(FileManager.default.fileExists(atPath: back))
    }

    @Test func aTargetThatHoldsArticlesOrExistsIsRefused() throws {
        let workspace = try Workspace()
        let config = ["--config", workspace.configFile.path]
        #expect(try finews.run(["refresh"] + config).status == 0)
        let server = try PostgresCluster.running().makeDatabase()
        #expect(try finews.run(["migrate", "--to", server] + config).status == 0)
        let again = try finews.run(["migrate", "--to", server] + config)
        #expect(again.status != 0)
        #expect(again.stderr.contains("already holds 5 articles"), "\(again.stderr)")
        let existing = try finews.run(["migrate", "--to", workspace.configFile.path] + config)
        #expect(existing.status == 2)
        #expect(existing.stderr.contains("exists"), "\(existing.stderr)")
    }
}
