import Foundation
import Testing
import TestSupport

/// Cooperating `finews serve` processes on one PostgreSQL archive (issue 16): fetch workers, a filer and a
/// publisher as separate processes of the built binary, over loopback feeds whose server counts requests
/// per feed. Every wait polls a condition against a deadline.
@Suite(.serialized, .localServer) struct ClusterTests {
    static let feedCount = 200
    static let itemsPerFeed = 25

    /// A folder with the configurations, the processes' logs and their output folders.
    final class Cluster: @unchecked Sendable {
        let folder: TemporaryFolder
        let postgres: PostgresCluster
        let database: String
        let url: String
        let server: LocalServer
        let finews = CommandRunner()
        var processes: [(name: String, process: ChildProcess)] = []
        /// Processes killed and reaped: not waited for again.
        var killed: [pid_t] = []

        init(_ label: String) throws {
            folder = try TemporaryFolder(label)
            postgres = try PostgresCluster.running()
            url = try postgres.makeDatabase(label)
            database = String(url.split(separator: "/").last ?? "")
            server = try TestSupport.server()
        }

        deinit {
            for (_, process) in processes where !killed.contains(process.pid) && process.statusIfEnded() == nil {
                process.signal(SIGKILL)
                process.wait()
            }
        }

        /// A configuration of `feeds` loopback feeds; `database` nil: an SQLite file in the folder.
        func config(_ name: String, database: String?, feeds: Int, token: String, delay: Double = 0) throws -> URL {
            let delayQuery = delay > 0 ? "&delay=\(delay)" : ""
            let sources = (0..<feeds).map {
                "  - {id: feed\($0), kind: feed, interval: 1h, url: \"\(server.url("/cluster/\($0).xml?t=\(token)\(delayQuery)"))\"}"
            }.joined(separator: "\n")
            return try folder.write("\(name).yaml", """
                database: \(database ?? "\(name).sqlite")
                output: \(name)-public
                state_dir: \(name)-state
                feed:
                  title: cluster
                  base_url: http://127.0.0.1:8080/
                  items: 50
                http:
                  connect_timeout: 2s
                  timeout: 20s
                  attempts: 1
                  per_host_concurrency: 32
                  min_host_interval: 0
                sources:
                \(sources)
                """)
        }

        /// Makes the archive's schema before any process starts, so the test's queries find the tables.
        func prepare(_ config: URL) throws {
            let result = try finews.run(["sources", "--config", config.path])
            #expect(result.status == 0, "\(result.stderr)")
        }

        /// Starts `finews serve --role ROLE` with its output in `NAME.log`.
        @discardableResult
        func start(_ name: String, role: String, config: URL, extra: [String] = []) throws -> ChildProcess {
            let log = open(folder.path("\(name).log").path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            defer { close(log) }
            var environment = ProcessInfo.processInfo.environment
            environment.removeValue(forKey: "FINEWS_CONFIG")
            let process = try ChildProcess.spawn(finews.executable.path,
                                                 ["serve", "--config", config.path, "--role", role] + extra,
                                                 environment: environment, output: log, error: log)
            processes.append((name, process))
            return process
        }

        /// kill -9, and waits for the process to be gone.
        func kill9(_ process: ChildProcess) {
            process.signal(SIGKILL)
            process.wait()
            killed.append(process.pid)
        }

        func log(_ name: String) -> String {
            (try? String(contentsOf: folder.path("\(name).log"), encoding: .utf8)) ?? ""
        }

        func logs() -> String {
            processes.map { "--- \($0.name)\n\(log($0.name).suffix(3000))" }.joined(separator: "\n")
        }

        func sql(_ text: String) throws -> String {
            try postgres.psql(database, text).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func count(_ text: String) throws -> Int { Int(try sql(text)) ?? -1 }

        /// The process holding the filer lock (its connection is named after its pid), if any.
        func filer() throws -> Int32? {
            let name = try sql("""
                SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE 'finews filer lock %'
                """)
            return Int32(name.split(separator: " ").last ?? "")
        }

        /// Polls `condition` until it holds or `limit` passes; true when it held.
        func wait(_ limit: Duration, every step: Duration = .milliseconds(50), until condition: () throws -> Bool) async throws -> Bool {
            let deadline = ContinuousClock.now + limit
            while ContinuousClock.now < deadline {
                if try condition() { return true }
                try await Task.sleep(for: step)
            }
            return try condition()
        }

        /// Requests the feed server logged for `token`, per feed path.
        func requests(_ token: String) async throws -> [String: Int] {
            var counts: [String: Int] = [:]
            for request in try await server.requests(token: token) { counts[request.path, default: 0] += 1 }
            return counts
        }

        /// Stops the processes still running with SIGTERM, then waits for them (bounded).
        func stopAll() async throws {
            let running = processes.filter { !killed.contains($0.process.pid) }
            for (_, process) in running where process.statusIfEnded() == nil { process.signal(SIGTERM) }
            for (name, process) in running {
                let ended = try await wait(.seconds(20), every: .milliseconds(50)) { process.statusIfEnded() != nil }
                if !ended {
                    process.signal(SIGKILL)
                    process.wait()
                    Issue.record("\(name) did not stop within 20 s of SIGTERM")
                }
            }
            processes.removeAll()
        }
    }

    /// Every item of each RSS file under `root`, normalised to what a reader sees of it (times of storing
    /// and building differ between runs), by file.
    static func publishedItems(_ root: URL) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        guard let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return result }
        for case let file as URL in files where file.lastPathComponent == "feed.xml" {
            let text = try String(contentsOf: file, encoding: .utf8)
            let relative = String(file.path.dropFirst(root.path.count))
            result[relative] = text.components(separatedBy: "<item>").dropFirst().map { item in
                let body = item.components(separatedBy: "</item>")[0]
                return ["title", "link", "guid", "description", "pubDate"].map { field($0, in: body) }.joined(separator: "|")
            }
        }
        return result
    }

    static func field(_ name: String, in item: String) -> String {
        guard let start = item.range(of: "<\(name)"), let open = item[start.upperBound...].firstIndex(of: ">"),
              let end = item.range(of: "</\(name)>", range: open..<item.endIndex) else { return "" }
        return String(item[item.index(after: open)..<end.lowerBound])
    }

    @Test func twoFetchWorkersAFilerAndAPublisherStoreEveryItemOnceAndPublishWhatOneProcessPublishes() async throws {
        let cluster = try Cluster("cluster")
        let (feeds, items) = (Self.feedCount, Self.itemsPerFeed)
        // One process on SQLite: the reference.
        let single = try cluster.config("single", database: nil, feeds: feeds, token: token())
        let reference = try cluster.finews.run(["refresh", "--config", single.path])
        #expect(reference.status == 0, "\(reference.stderr)")
        // The roles that coordinate need PostgreSQL, and say so.
        let refused = try cluster.finews.run(["serve", "--config", single.path, "--role", "fetch"])
        #expect(refused.status == 2 && refused.stderr.contains("PostgreSQL"), "\(refused.stderr)")
        // The same feeds through the cluster's processes.
        let clusterToken = token()
        let config = try cluster.config("pg", database: cluster.url, feeds: feeds, token: clusterToken)
        try cluster.start("fetch1", role: "fetch", config: config)
        try cluster.start("fetch2", role: "fetch", config: config)
        try cluster.start("file", role: "file", config: config)
        try cluster.start("publish", role: "publish", config: config, extra: ["--listen", "127.0.0.1:1"])
        let expected = try Self.publishedItems(cluster.folder.path("single-public"))
        #expect(expected.count == feeds + 1)
        let output = cluster.folder.path("pg-public")
        let filed = try await cluster.wait(.seconds(300), every: .milliseconds(200)) {
            try cluster.count("SELECT count(*) FROM source_health") == feeds
                && cluster.count("SELECT count(*) FROM finews_intake") == 0
        }
        #expect(filed, "not every source was filed in time\n\(cluster.logs())")
        let published = try await cluster.wait(.seconds(60), every: .milliseconds(200)) {
            try Self.publishedItems(output) == expected
        }
        #expect(published, "the publisher's feeds differ from the single process's\n\(cluster.logs())")
        #expect(try cluster.count("SELECT count(*) FROM articles") == feeds * items)
        #expect(try cluster.count("SELECT count(*) FROM change_events WHERE kind = 'new'") == feeds * items)
        #expect(try cluster.count("SELECT count(*) FROM finews_intake_rejected") == 0)
        // Each feed fetched once for its one due time, by one of the two workers.
        let requests = try await cluster.requests(clusterToken)
        #expect(requests.count == feeds)
        #expect(requests.values.allSatisfy { $0 == 1 }, "fetched more than once: \(requests.filter { $0.value > 1 })")
        // Both workers did some of the fetching.
        #expect(try cluster.count("SELECT count(DISTINCT last_worker) FROM finews_leases") == 2)
        try await cluster.stopAll()
        #expect(try cluster.count("SELECT count(*) FROM refreshes WHERE finished IS NULL") == 0)
        #expect(try cluster.count("SELECT coalesce(sum(new), 0) FROM refreshes") == feeds * items)
    }

    @Test func aFilerKilledMidwayIsReplacedAndNothingIsLostOrDoubled() async throws {
        let cluster = try Cluster("filerkill")
        let (feeds, items) = (Self.feedCount, Self.itemsPerFeed)
        let config = try cluster.config("pg", database: cluster.url, feeds: feeds, token: token())
        try cluster.prepare(config)
        // The workers fill the intake first, so the filer has work to be killed in.
        try cluster.start("fetch1", role: "fetch", config: config)
        try cluster.start("fetch2", role: "fetch", config: config)
        let queued = try await cluster.wait(.seconds(300), every: .milliseconds(200)) {
            try cluster.count("SELECT count(DISTINCT source_id) FROM finews_intake WHERE last_of_source") == feeds
        }
        #expect(queued, "the workers did not queue every source\n\(cluster.logs())")
        let first = try cluster.start("file1", role: "file", config: config)
        let holds = try await cluster.wait(.seconds(60), every: .milliseconds(10)) { try cluster.filer() == first.pid }
        #expect(holds, "the first filer did not take the lock\n\(cluster.logs())")
        // A second filer waits beside it.
        let second = try cluster.start("file2", role: "file", config: config)
        let filing = try await cluster.wait(.seconds(60), every: .milliseconds(10)) {
            try cluster.count("SELECT count(*) FROM articles") > 0
        }
        #expect(filing, "the filer did not start filing\n\(cluster.logs())")
        cluster.kill9(first)
        let left = try cluster.count("SELECT count(*) FROM finews_intake")
        #expect(left > 0, "the filer had filed everything before it was killed; nothing shows a takeover")
        let killed = ContinuousClock.now
        let takenOver = try await cluster.wait(.seconds(30), every: .milliseconds(10)) { try cluster.filer() == second.pid }
        let takeover = ContinuousClock.now - killed
        #expect(takenOver, "no filer took the lock over\n\(cluster.logs())")
        let drained = try await cluster.wait(.seconds(300), every: .milliseconds(200)) {
            try cluster.count("SELECT count(*) FROM finews_intake") == 0
                && cluster.count("SELECT count(*) FROM source_health") == feeds
        }
        #expect(drained, "the second filer did not file the rest\n\(cluster.logs())")
        #expect(try cluster.count("SELECT count(*) FROM articles") == feeds * items)
        #expect(try cluster.count("SELECT count(*) FROM change_events WHERE kind = 'new'") == feeds * items)
        #expect(try cluster.count("SELECT count(*) FROM change_events WHERE kind <> 'new'") == 0)
        #expect(try cluster.count("SELECT count(*) FROM finews_intake_rejected") == 0)
        try await cluster.stopAll()
        print("filer takeover after kill -9 (by the filer waiting beside it): \(takeover)")
    }

    @Test func aFetchWorkerKilledHoldingLeasesLosesThemToAnotherWorker() async throws {
        let cluster = try Cluster("fetchkill")
        let feeds = 30
        // Slow feeds, so the first worker is killed while it holds leases on sources it has not queued.
        let token = TestSupport.token()
        let config = try cluster.config("pg", database: cluster.url, feeds: feeds, token: token, delay: 2)
        try cluster.prepare(config)
        let first = try cluster.start("fetch1", role: "fetch", config: config, extra: ["--lease", "3"])
        try cluster.start("file", role: "file", config: config)
        let holding = try await cluster.wait(.seconds(60), every: .milliseconds(20)) {
            try cluster.count("SELECT count(*) FROM finews_leases WHERE worker IS NOT NULL AND lease_until > extract(epoch from clock_timestamp())") > 0
        }
        #expect(holding, "the first worker claimed nothing\n\(cluster.logs())")
        cluster.kill9(first)
        let killed = ContinuousClock.now
        let orphaned = try cluster.sql("""
            SELECT string_agg(source_id, ',' ORDER BY source_id) FROM finews_leases
            WHERE worker IS NOT NULL AND NOT EXISTS (SELECT 1 FROM finews_intake i WHERE i.source_id = finews_leases.source_id AND i.last_of_source)
            """).split(separator: ",").map(String.init)
        #expect(!orphaned.isEmpty)
        try cluster.start("fetch2", role: "fetch", config: config, extra: ["--lease", "3"])
        let reclaimed = try await cluster.wait(.seconds(60), every: .milliseconds(20)) {
            try cluster.count("SELECT count(*) FROM finews_leases WHERE claims >= 2") >= orphaned.count
        }
        let takeover = ContinuousClock.now - killed
        #expect(reclaimed, "the dead worker's sources were not claimed again\n\(cluster.logs())")
        let filed = try await cluster.wait(.seconds(120), every: .milliseconds(200)) {
            try cluster.count("SELECT count(*) FROM source_health") == feeds
                && cluster.count("SELECT count(*) FROM finews_intake") == 0
        }
        #expect(filed, "not every source was filed\n\(cluster.logs())")
        #expect(try cluster.count("SELECT count(*) FROM articles") == feeds * Self.itemsPerFeed)
        #expect(try cluster.count("SELECT count(*) FROM change_events WHERE kind = 'new'") == feeds * Self.itemsPerFeed)
        let reclaimedSources = try cluster.sql("SELECT string_agg(source_id, ',' ORDER BY source_id) FROM finews_leases WHERE claims >= 2")
            .split(separator: ",").map(String.init)
        #expect(Set(orphaned).isSubset(of: reclaimedSources))
        // `finews refresh` with workers running makes every source due now and waits until each is filed again.
        let before = try await cluster.requests(token)
        let handed = try cluster.finews.run(["refresh", "--config", config.path, "--wait", "120"])
        #expect(handed.status == 0, "\(handed.stdout)\(handed.stderr)\n\(cluster.logs())")
        #expect(handed.stdout.components(separatedBy: "fetched by a worker, ok").count - 1 == feeds, "\(handed.stdout)")
        let after = try await cluster.requests(token)
        #expect(after.keys.allSatisfy { after[$0, default: 0] - before[$0, default: 0] == 1 }, "\(after) against \(before)")
        #expect(after.count == feeds)
        try await cluster.stopAll()
        print("lease takeover after kill -9 (lease 3 s, second worker started at once): \(takeover)")
    }
}
