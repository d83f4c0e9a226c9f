import Config
import Foundation
import TestSupport
import Testing

@Suite struct ConfigLoadingTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder("config")
        try FileManager.default.createDirectory(at: folder.path("posts"), withIntermediateDirectories: true)
    }

    func load(_ yaml: String) throws(ConfigError) -> FinewsConfig {
        let file = folder.path("finews.yaml")
        try? Data(yaml.utf8).write(to: file)
        return try FinewsConfig.load(from: file)
    }

    func error(_ yaml: String) -> ConfigError? {
        do {
            _ = try load(yaml)
            return nil
        } catch {
            return error
        }
    }

    @Test func theShippedDefaultIsValidAndOffline() throws {
        let config = try FinewsConfig.load(from: Fixtures.repositoryRoot.appendingPathComponent("config/finews.yaml"))
        #expect(config.sources.map(\.id) == ["seeds"])
        #expect(config.sources.first?.kind == .files)
        #expect(config.sources.first?.path == Fixtures.seeds.standardizedFileURL)
        #expect(config.database.path.hasSuffix("/var/finews.sqlite"))
        #expect(config.output.path.hasSuffix("/public"))
        #expect(config.timeZone.identifier == "Asia/Shanghai")
        #expect(config.feed.items == 50)
    }

    @Test func defaultsLiveBesideTheOptions() throws {
        let config = try load("sources:\n  - {id: posts, kind: files, path: posts}\n")
        #expect(config.feed.items == 50)
        #expect(config.feed.title == "finews")
        #expect(config.timeZone.identifier == "Asia/Shanghai")
        #expect(config.database == folder.path("var/finews.sqlite").standardizedFileURL)
        #expect(config.sources[0].interval == 900)
    }

    @Test func readsEveryTopLevelKey() throws {
        let config = try load("""
            database: data/archive.sqlite
            output: out
            time_zone: Asia/Taipei
            feed:
              title: 财经
              base_url: https://news.example.com/feeds
              items: 20
            sources:
              - id: posts
                kind: files
                path: posts
                interval: 15m
            """)
        #expect(config.database.lastPathComponent == "archive.sqlite")
        #expect(config.output == folder.path("out").standardizedFileURL)
        #expect(config.timeZone.identifier == "Asia/Taipei")
        #expect(config.feed.baseURL == "https://news.example.com/feeds/")
        #expect(config.feed.items == 20)
        #expect(config.sources[0].interval == 900)
    }

    @Test func aYAMLErrorNamesFileAndLine() {
        let problem = error("sources:\n  - id: posts\n    kind: [files\n")
        guard case .yaml(let file, let line, _, _) = problem else {
            Issue.record("expected a YAML error, got \(String(describing: problem))")
            return
        }
        #expect(file.hasSuffix("finews.yaml"))
        #expect(line != nil)
        #expect(problem?.description.contains("finews.yaml:") == true)
    }

    @Test func anUnknownKeyNamesItsLineAndPath() {
        let problem = error("sources:\n  - id: posts\n    kind: files\n    path: posts\n    intervall: 5m\n")
        #expect(problem == .unknownKey(file: folder.path("finews.yaml").path, line: 5, key: "sources[0].intervall",
                                       allowed: ["id", "kind", "title", "enabled", "interval", "id_policy", "keep", "block", "path"]))
    }

    @Test func anUnknownTopLevelKeyIsRejected() {
        let problem = error("sources: []\ndatabse: x.sqlite\n")
        guard case .unknownKey(_, let line, let key, _) = problem else {
            Issue.record("got \(String(describing: problem))")
            return
        }
        #expect(line == 2)
        #expect(key == "databse")
    }

    @Test func aWrongTypeIsNamed() {
        let problem = error("feed:\n  items: many\nsources: []\n")
        #expect(problem == .wrongType(file: folder.path("finews.yaml").path, line: 2, key: "feed.items",
                                      expected: "a whole number"))
    }

    @Test func duplicateSourceIDsAreRejected() {
        let problem = error("""
            sources:
              - {id: posts, kind: files, path: posts}
              - {id: posts, kind: files, path: posts}
            """)
        guard case .duplicateSourceID(_, let line, let id) = problem else {
            Issue.record("got \(String(describing: problem))")
            return
        }
        #expect(id == "posts")
        #expect(line == 3)
    }

    @Test func aMissingPathIsRejected() {
        let missingKey = error("sources:\n  - {id: posts, kind: files}\n")
        #expect(missingKey == .missingKey(file: folder.path("finews.yaml").path, line: 2, key: "sources[0].path"))
        let missingFolder = error("sources:\n  - {id: posts, kind: files, path: nowhere}\n")
        guard case .invalidValue(_, 2, "sources[0].path", let reason) = missingFolder else {
            Issue.record("got \(String(describing: missingFolder))")
            return
        }
        #expect(reason.contains("nowhere"))
    }

    @Test func anUnknownKindListsTheKnownOnes() {
        let problem = error("sources:\n  - {id: posts, kind: ftp, path: posts}\n")
        #expect(problem?.description.contains("unknown kind 'ftp'") == true)
        #expect(problem?.description.contains("files") == true)
    }

    @Test func anUnreadableFileIsNamed() {
        let problem = error("")
        #expect(problem != nil)
        do {
            _ = try FinewsConfig.load(from: folder.path("absent.yaml"))
            Issue.record("loading a missing file succeeded")
        } catch {
            #expect(error.description.contains("absent.yaml"))
        }
    }

    @Test func locatePrefersTheFlagThenTheEnvironmentThenTheWorkingFolder() {
        let cwd = folder.url
        #expect(FinewsConfig.locate(explicit: "a.yaml", environment: ["FINEWS_CONFIG": "b.yaml"], currentDirectory: cwd)
            .lastPathComponent == "a.yaml")
        #expect(FinewsConfig.locate(explicit: nil, environment: ["FINEWS_CONFIG": "b.yaml"], currentDirectory: cwd)
            .lastPathComponent == "b.yaml")
        #expect(FinewsConfig.locate(explicit: nil, environment: [:], currentDirectory: cwd).path == "/etc/finews/finews.yaml")
        try? FileManager.default.createDirectory(at: folder.path("config"), withIntermediateDirectories: true)
        try? Data().write(to: folder.path("config/finews.yaml"))
        #expect(FinewsConfig.locate(explicit: nil, environment: [:], currentDirectory: cwd).path
            == folder.path("config/finews.yaml").path)
    }
}

/// Numbers from the configuration must be finite and sane wherever they are read: `1e400` is infinity
/// to `Double`, and `1e30GiB` used to trap converting to `Int`.
@Suite struct ConfigNumberLimitTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder("config-limits")
        try FileManager.default.createDirectory(at: folder.path("posts"), withIntermediateDirectories: true)
    }

    func problem(_ yaml: String) -> ConfigError? {
        let file = folder.path("finews.yaml")
        do {
            try Data(yaml.utf8).write(to: file)
            _ = try FinewsConfig.load(from: file)
            return nil
        } catch let error as ConfigError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test(arguments: [
        ("    interval: 1e400\n", 5), ("    interval: .inf\n", 5), ("    interval: .nan\n", 5), ("    interval: nan\n", 5),
        ("    interval: 1e9d\n", 5), ("    interval: -5m\n", 5),
    ])
    func sourceIntervalsAreFiniteAndSane(line: String, number: Int) throws {
        let error = try #require(problem("sources:\n  - id: a\n    kind: files\n    path: posts\n" + line))
        #expect(error.description.contains("finews.yaml:\(number)"), "\(error)")
        #expect(error.description.contains("interval"), "\(error)")
    }

    @Test(arguments: [
        "  max_body: 1e30GiB\n", "  max_body: .inf\n", "  timeout: 1e400ms\n", "  timeout: .nan\n",
        "  retry_delay: 1e300\n", "  max_retry_after: 1e400\n", "  min_host_interval: 30d\n",
    ])
    func httpNumbersAreFiniteAndSane(line: String) throws {
        let error = try #require(problem("http:\n" + line + "sources:\n  - id: a\n    kind: files\n    path: posts\n"))
        #expect(error.description.contains("finews.yaml:2"), "\(error)")
    }

    @Test func recheckAgesAreFinite() throws {
        let error = try #require(problem("recheck: [15m, 1e400]\nsources:\n  - id: a\n    kind: files\n    path: posts\n"))
        #expect(error.description.contains("finews.yaml:1"), "\(error)")
    }
}
