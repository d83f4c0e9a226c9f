import Foundation
import TestSupport
import Testing

/// `finews serve` as a process: the hand-off of `finews refresh`, signals, sd_notify, journald lines.
@Suite(.serialized) struct ServeProcessTests {
    @Test func refreshHandsItsJobToTheRunningDaemon() async throws {
        let workspace = try Workspace()
        let serve = try ServeProcess(config: workspace.configFile, stateDirectory: workspace.folder.path("var"))
        #expect(await serve.waitUntilServing(), "\(serve.log)")
        #expect(await eventually { serve.log.contains("refresh finished") })

        let handed = try await offPool { try CommandRunner().run(["refresh", "--config", workspace.configFile.path]) }
        #expect(handed.status == 0, "\(handed.stderr)")
        #expect(handed.stdout.contains("seeds: 0 new, 0 updated, 5 unchanged, 0 removed, 0 errors"))
        #expect(!handed.stderr.contains("locked"))
        #expect(serve.log.components(separatedBy: "refresh started").count - 1 == 2, "the daemon ran it:\n\(serve.log)")

        let unknown = try await offPool { try CommandRunner().run(["refresh", "--config", workspace.configFile.path, "--source", "nope"]) }
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no source 'nope'"))

        // Several at once: all answered, one writer, nobody sees "database is locked".
        let results = await withTaskGroup(of: CommandRunner.Result?.self) { group in
            for _ in 0..<4 { group.addTask { [path = workspace.configFile.path] in
                    try? await offPool { try CommandRunner().run(["refresh", "--config", path]) }
                } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        for result in results {
            #expect(result?.status == 0)
            #expect(result?.stdout.contains("5 unchanged") == true)
            #expect(result?.stderr.contains("locked") == false)
        }

        serve.signal(SIGTERM)
        let took = await serve.waitForExit(limit: 10)
        #expect(took != nil)
        #expect(serve.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: serve.socket.path))

        // No daemon now: refresh runs by itself.
        let alone = try await offPool { try CommandRunner().run(["refresh", "--config", workspace.configFile.path]) }
        #expect(alone.status == 0)
        #expect(alone.stdout.contains("5 unchanged"))
    }

    @Test func sighupReloadsAndAnInvalidConfigurationKeepsTheOldOne() async throws {
        let workspace = try Workspace()
        let serve = try ServeProcess(config: workspace.configFile, stateDirectory: workspace.folder.path("var"))
        #expect(await serve.waitUntilServing())
        let good = try String(contentsOf: workspace.configFile, encoding: .utf8)
        try (good + "\nbogus_key: 1\n").write(to: workspace.configFile, atomically: true, encoding: .utf8)
        serve.signal(SIGHUP)
        #expect(await eventually { serve.log.contains("configuration not reloaded; keeping the previous one") })
        #expect(serve.log.contains("unknown key 'bogus_key'"))
        let stillWorks = try await offPool { try CommandRunner().run(["refresh", "--config", workspace.configFile.path]) }
        // The client reads the broken file itself and stops with exit 2; the daemon is unaffected.
        #expect(stillWorks.status == 2)
        try good.write(to: workspace.configFile, atomically: true, encoding: .utf8)
        serve.signal(SIGHUP)
        #expect(await eventually { serve.log.contains("configuration reloaded") })
        #expect(serve.isRunning)
        serve.signal(SIGTERM)
        #expect(await serve.waitForExit(limit: 10) != nil)
    }

    @Test func notifiesSystemdAndWritesJournalLines() async throws {
        let workspace = try Workspace()
        let notify = try DatagramListener(path: workspace.folder.path("notify.sock").path)
        let serve = try ServeProcess(config: workspace.configFile, stateDirectory: workspace.folder.path("var"), environment: [
            "NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "200000", "JOURNAL_STREAM": "8:12345",
        ])
        #expect(await serve.waitUntilServing())
        #expect(await eventually { notify.messages.contains { $0.contains("READY=1") } })
        #expect(await eventually { notify.messages.filter { $0 == "WATCHDOG=1" }.count >= 2 })
        #expect(notify.messages.contains { $0.hasPrefix("STATUS=last refresh") || $0.contains("STATUS=serving") })
        let lines = serve.log.split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.hasPrefix("<") }, "journal lines carry a priority:\n\(serve.log)")
        #expect(!serve.log.contains("Z info"), "no timestamps of our own under journald")
        serve.signal(SIGTERM)
        #expect(await serve.waitForExit(limit: 10) != nil)
        #expect(await eventually { notify.messages.contains { $0.hasPrefix("STOPPING=1") } })
    }

    @Test func aSecondDaemonOnTheSameStateFolderRefusesToStart() async throws {
        let workspace = try Workspace()
        let first = try ServeProcess(config: workspace.configFile, stateDirectory: workspace.folder.path("var"))
        #expect(await first.waitUntilServing())
        let second = try ServeProcess(config: workspace.configFile, stateDirectory: workspace.folder.path("var"))
        #expect(await second.waitForExit(limit: 10) != nil)
        #expect(second.terminationStatus != 0)
        #expect(second.log.contains("another finews serve is running"))
        #expect(first.isRunning)
        first.signal(SIGTERM)
        #expect(await first.waitForExit(limit: 10) != nil)
    }
}
