import Foundation
import TestSupport
import Testing

/// The command line as a user meets it: exit codes, output shapes, help.
@Suite struct CommandLineTests {
    let finews = CommandRunner()
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    var config: [String] { ["--config", workspace.configFile.path] }

    @Test func theBinaryWasBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: finews.executable.path), "\(finews.executable.path)")
    }

    @Test func refreshPrintsASummaryPerSourceAndExitsZero() throws {
        let first = try finews.run(["refresh"] + config)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("seeds: 5 new, 0 updated, 0 unchanged, 0 removed, 0 errors"))
        let second = try finews.run(["refresh"] + config)
        #expect(second.stdout.contains("seeds: 0 new, 0 updated, 5 unchanged, 0 removed, 0 errors"))
        #expect(second.stdout.contains("(0 files changed)"))
    }

    @Test func aSourceWithErrorsExitsOneAndNamesTheFile() throws {
        try workspace.folder.write("posts/broken.md", "---\ntitle: 坏\ndate: soon\n---\n<p>x</p>\n")
        let result = try finews.run(["refresh"] + config)
        #expect(result.status == 1)
        #expect(result.stdout.contains("seeds: 5 new"))
        #expect(result.stdout.contains("error: broken.md:3: cannot parse the date 'soon'"))
    }

    @Test func configErrorsExitTwoWithFileAndLine() throws {
        try workspace.folder.write("bad.yaml", "sources:\n  - id: a\n    kind: files\n    path: posts\n    colour: red\n")
        let result = try finews.run(["check-config", "--config", workspace.folder.path("bad.yaml").path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.yaml:5: unknown key 'sources[0].colour'"), "\(result.stderr)")
        let missing = try finews.run(["refresh", "--config", workspace.folder.path("none.yaml").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("none.yaml"))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try finews.run(["refresh", "--bogus"] + config).status == 2)
        #expect(try finews.run(["feed", "--format", "yaml"] + config).status == 2)
        #expect(try finews.run(["refresh", "--source", "nope"] + config).status == 2)
    }

    @Test func everyCommandHasHelp() throws {
        for command in [[], ["refresh"], ["articles"], ["changes"], ["feed"], ["check-config"]] {
            let result = try finews.run(command + ["--help"])
            #expect(result.status == 0, "\(command)")
            #expect(result.stdout.contains("USAGE"), "\(command)")
        }
    }

    @Test func articlesPrintJSONLinesWithTheDocumentedKeys() throws {
        _ = try finews.run(["refresh"] + config)
        let result = try finews.run(["articles", "--json"] + config)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 5)
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        for key in ["id", "source", "item_id", "link", "title", "published", "outlet", "author", "category"] {
            #expect(objects.allSatisfy { $0.keys.contains(key) }, "\(key)")
        }
        let seed = try #require(objects.first { $0["item_id"] as? String == "NW202112232224053637" })
        #expect(seed["published"] as? String == "2021-12-23T13:43:05+08:00")
        #expect(seed["category"] as? String == "nanjingchenbao")
        #expect(seed["outlet"] as? String == "南京晨报")
        let undated = try #require(objects.first { ($0["title"] as? String)?.hasPrefix("蘇州") == true })
        #expect(undated["published"] is NSNull)
    }

    @Test func changesAndFeedWriteToStandardOutput() throws {
        _ = try finews.run(["refresh"] + config)
        let changes = try finews.run(["changes", "--json"] + config)
        #expect(changes.stdout.split(separator: "\n").count == 5)
        #expect(try finews.run(["changes", "--since", "2099-01-01"] + config).stdout.isEmpty)
        #expect(try finews.run(["changes", "--since", "yesterday-ish"] + config).status == 2)
        let feed = try finews.run(["feed", "--format", "rss", "--category", "nanjingchenbao"] + config)
        #expect(feed.status == 0)
        #expect(feed.stdout.contains("<title>江北新区召开科技金融发展大会</title>"))
        #expect(!feed.stdout.contains("重庆"))
        let json = try finews.run(["feed", "--format", "json"] + config)
        #expect(json.stdout.contains("\"version\" : \"https://jsonfeed.org/version/1.1\""))
        #expect(try finews.run(["feed", "--category", "nowhere"] + config).status == 2)
    }

    /// libcurl is loaded on the first fetch, not at start (`CCurl/include/finews_curl.h`): glibc's
    /// `LD_DEBUG=files` names every library a process loads.
    @Test func libcurlIsLoadedOnlyByAProcessThatFetches() throws {
        let refresh = try finews.run(["refresh"] + config, environment: ["LD_DEBUG": "files"])
        #expect(refresh.status == 0, "\(refresh.stderr.suffix(2000))")
        #expect(refresh.stderr.contains("file=libsqlite3.so"), "LD_DEBUG had no effect")
        #expect(!refresh.stderr.contains("libcurl"))
        // Nothing listens on port 1 of the loopback address: the fetch fails at once, after loading.
        let fetch = try finews.run(["extract", "http://127.0.0.1:1/"], environment: ["LD_DEBUG": "files"])
        #expect(fetch.status != 0)
        #expect(fetch.stderr.contains("file=libcurl.so.4"), "\(fetch.stderr.suffix(2000))")
    }

    @Test func theConfigIsFoundThroughTheEnvironment() throws {
        let result = try finews.run(["check-config"], environment: ["FINEWS_CONFIG": workspace.configFile.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains(workspace.configFile.lastPathComponent + ": valid"))
    }
}
