import Dedup
import Foundation
import Model
@testable import Store
import Testing
import TestSupport

/// The PostgreSQL coordination of cooperating processes (issue 16): leases, the intake, the filer lock.
/// Two `PostgresCoordination` objects are two workers: each has its own connections and worker name,
/// as two processes would.
@Suite struct PostgresCoordinationTests {
    let url: String
    let database: String
    let cluster: PostgresCluster

    init() throws {
        cluster = try PostgresCluster.running()
        url = try cluster.makeDatabase("coord")
        database = String(url.split(separator: "/").last ?? "")
    }

    func worker() throws -> PostgresCoordination { try PostgresCoordination(PostgresLocation(url: url)) }

    func sql(_ text: String) throws -> String {
        try cluster.psql(database, text).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func twoWorkersClaimDisjointSourcesAndEachOnlyOnce() async throws {
        let (first, second) = (try worker(), try worker())
        let sources = (0..<60).map { "s\($0)" }
        try first.register(sources: sources)
        try second.register(sources: sources)
        // Both claim at the same time, a few at a time, until nothing is left.
        async let a = claimAll(first, sources)
        async let b = claimAll(second, sources)
        let (claimedByFirst, claimedBySecond) = try await (a, b)
        #expect(Set(claimedByFirst).isDisjoint(with: claimedBySecond))
        #expect(Set(claimedByFirst + claimedBySecond) == Set(sources))
        #expect(claimedByFirst.count + claimedBySecond.count == sources.count)
        // Leased: nobody claims them again while the leases live.
        #expect(try first.claimDue(among: sources, limit: 100, lease: 600).isEmpty)
        #expect(try second.claimDue(among: sources, limit: 100, lease: 600).isEmpty)
        #expect(try first.leases().allSatisfy { $0.claims == 1 && $0.worker != nil })
    }

    private func claimAll(_ worker: PostgresCoordination, _ sources: [String]) async throws -> [String] {
        var claimed: [String] = []
        for _ in 0..<sources.count {
            // Leases far longer than the test, however slow a loaded machine makes it: none may expire.
            let batch = try worker.claimDue(among: sources, limit: 3, lease: 600)
            if batch.isEmpty { break }
            claimed += batch
            await Task.yield()
        }
        return claimed
    }

    @Test func anExpiredLeaseIsClaimedByAnotherWorkerAndARenewedOneIsNot() async throws {
        let (dead, alive, other) = (try worker(), try worker(), try worker())
        try dead.register(sources: ["a", "b"])
        #expect(try dead.claimDue(among: ["a"], limit: 5, lease: 1) == ["a"])
        #expect(try alive.claimDue(among: ["b"], limit: 5, lease: 600) == ["b"])
        // `dead` stops renewing: wait until its lease has run out by the database's clock (the leases'
        // clock), bounded; `alive` renews, and keeps `b` however long that took.
        let deadline = ContinuousClock.now + .seconds(120)
        while try other.leases().first(where: { $0.sourceID == "a" })?.worker != nil {
            try #require(ContinuousClock.now < deadline, "a one-second lease never ran out")
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try alive.renewLeases(lease: 600) == 1)
        #expect(try other.claimDue(among: ["a", "b"], limit: 5, lease: 600) == ["a"])
        let leases = try other.leases()
        #expect(leases.first { $0.sourceID == "a" }?.worker == other.worker)
        #expect(leases.first { $0.sourceID == "a" }?.claims == 2)
        #expect(leases.first { $0.sourceID == "b" }?.worker == alive.worker)
        // The dead worker's renewal does not take it back.
        #expect(try dead.renewLeases(lease: 30) == 0)
    }

    @Test func aSourceIsNotDueBeforeItsNextAttemptNorWhileItsWritesWaitInTheIntake() throws {
        let worker = try worker()
        try worker.register(sources: ["later", "queued", "due"])
        _ = try sql("""
            INSERT INTO source_health (source_id, last_attempt, consecutive_failures, next_attempt) VALUES
              ('later', 0, 0, extract(epoch from now()) + 3600), ('due', 0, 0, extract(epoch from now()) - 5)
            """)
        #expect(try worker.claimDue(among: ["queued"], limit: 5, lease: 600) == ["queued"])
        try worker.enqueue([.batch(SourceBatch(sourceID: "queued", kind: "rss", articles: []))], source: "queued", releasing: true)
        #expect(try worker.leases().first { $0.sourceID == "queued" }?.worker == nil)
        #expect(try worker.claimDue(among: ["later", "queued", "due"], limit: 5, lease: 600) == ["due"])
        #expect(try worker.intakeWaiting() == 1)
        #expect(try worker.intakeWaiting(sources: ["due"]) == 0)
        // Asked for by hand (`finews refresh`): due now.
        let since = try worker.markDue(sources: ["later"])
        #expect(try worker.claimDue(among: ["later"], limit: 5, lease: 600) == ["later"])
        #expect(try worker.attempted(sources: ["later", "due"], since: since).isEmpty)
    }

    @Test func exactlyOneFilerHoldsTheLockAndAnotherTakesOverWhenItsConnectionDies() async throws {
        let (first, second) = (try worker(), try worker())
        #expect(try first.tryTakeFilerLock())
        #expect(try first.tryTakeFilerLock())
        #expect(try !second.tryTakeFilerLock())
        #expect(first.stillHoldsFilerLock())
        // The filer dies: PostgreSQL ends its session (as when its process is killed).
        _ = try sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'finews filer lock \(getpid())'")
        let started = ContinuousClock.now
        var taken = false
        while !taken && ContinuousClock.now - started < .seconds(20) {
            taken = try second.tryTakeFilerLock()
            if !taken { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(taken)
        #expect(!first.stillHoldsFilerLock())
        second.releaseFilerLock()
        #expect(try first.tryTakeFilerLock())
    }

    /// Two filers draining one intake at once (as when one wrongly believes it holds the lock): the rows
    /// they lock as they read keep each row from being applied twice, and what is filed is deleted with it.
    @Test func twoFilersDrainingOneIntakeApplyEachRowOnce() async throws {
        let worker = try worker()
        let sources = (0..<12).map { "src\($0)" }
        for (number, source) in sources.enumerated() {
            let articles = (0..<3).map { item in
                let text = "第\(number)号源第\(item)条：银行间市场流动性保持合理充裕，央行开展逆回购操作\(number * 10 + item)。"
                return PreparedArticle(ArticleDraft(itemID: "\(item)", link: "https://example.cn/\(source)/\(item)", title: "标题\(number)-\(item)"),
                                       itemID: "\(item)", contentHTML: "<p>\(text)</p>", contentText: text,
                                       fingerprint: Fingerprinter().fingerprint(text))
            }
            try worker.enqueue([.batch(SourceBatch(sourceID: source, kind: "feed", articles: articles))], source: source, releasing: false)
            let attempt = SourceAttempt(sourceID: source, at: Date(timeIntervalSince1970: 1_800_000_000), httpStatus: 200, error: nil)
            try worker.enqueue([.attempt(attempt, interval: 900, retryAfter: nil)], source: source, releasing: true)
        }
        let location = try PostgresLocation(url: url)
        let (first, second) = (try PostgresArchive(location), try PostgresArchive(location))
        let refresh = try first.beginRefresh(trigger: .schedule, at: Date())
        async let a = drain(first, refresh: refresh)
        async let b = drain(second, refresh: refresh)
        let (outcomesA, outcomesB) = try await (a, b)
        let outcomes = outcomesA + outcomesB
        #expect(outcomes.count == sources.count)
        #expect(outcomes.map(\.new).reduce(0, +) == sources.count * 3)
        #expect(outcomes.map(\.unchanged).reduce(0, +) == 0)
        #expect(try sql("SELECT count(*) FROM articles") == "\(sources.count * 3)")
        #expect(try sql("SELECT count(*) FROM change_events") == "\(sources.count * 3)")
        #expect(try sql("SELECT count(*) FROM source_health") == "\(sources.count)")
        #expect(try worker.intakeWaiting() == 0)
        #expect(try worker.rejectedIntake().isEmpty)
    }

    private func drain(_ archive: PostgresArchive, refresh: Int64) async throws -> [SourceOutcome] {
        var outcomes: [SourceOutcome] = []
        for _ in 0..<100 {
            let filed = try archive.fileIntake(articles: 6, maximumRows: 3) { row, transaction in
                try row.writes.compactMap { write -> SourceOutcome? in
                    switch write {
                    case .batch(let batch): return try transaction.apply(batch, refreshID: refresh, at: Date())
                    case let .attempt(attempt, interval, _):
                        try transaction.recordAttempt(attempt) { _ in attempt.at.addingTimeInterval(interval) }
                        return nil
                    case let .validators(validators, url, at):
                        try transaction.storeHTTPValidators(validators, for: url, at: at)
                        return nil
                    }
                }
            }
            outcomes += filed.outcomes
            if filed.rows == 0 && filed.rejected.isEmpty { break }
            await Task.yield()
        }
        return outcomes
    }

    @Test func heartbeatsSayWhoIsAlive() throws {
        let (fetcher, filer) = (try worker(), try worker())
        try fetcher.heartbeat(role: "fetch")
        try filer.heartbeat(role: "file")
        #expect(try fetcher.liveWorkers(role: "fetch", within: 10) == 1)
        _ = try sql("UPDATE finews_workers SET seen = seen - 60 WHERE role = 'fetch'")
        #expect(try fetcher.liveWorkers(role: "fetch", within: 10) == 0)
        try filer.leave()
        #expect(try fetcher.liveWorkers(role: "file", within: 10) == 0)
    }

    @Test func intakeWritesComeBackAsTheyWereMade() throws {
        let draft = ArticleDraft(itemID: "1", link: "https://example.cn/a/1.html", title: "央行开展逆回购操作", bodyHTML: "<p>x</p>")
        let print = Fingerprint(length: 40, shingles: [1, 5, 9], numbers: ["1000"], signature: [7, 8], bandKeys: [Int64(1) << 32 | 3],
                                isMatchable: true)
        var article = PreparedArticle(draft, itemID: "https://example.cn/a/1.html", contentHTML: "<p>银行间市场</p>",
                                      contentText: "銀行間市場 流动性", fingerprint: print)
        article.published = ZonedDate(date: Date(timeIntervalSince1970: 1_748_914_200), utcOffset: 28_800)
        article.categories = [Category(slug: "macro", name: "宏观")]
        var batch = SourceBatch(sourceID: "s1", kind: "rss", title: "源", articles: [article], completeListing: ["a", "b"],
                                unchanged: .allNotRead, errors: ["item 2: bad"], failure: nil)
        batch.checkedOrigins = ["o1"]
        batch.skipped = 2
        let attempt = SourceAttempt(sourceID: "s1", at: Date(timeIntervalSince1970: 1_748_914_300), httpStatus: 200, error: nil)
        let writes: [IntakeWrite] = [
            .batch(batch), .attempt(attempt, interval: 900, retryAfter: nil),
            .validators(HTTPValidators(etag: "\"v1\"", lastModified: nil), url: "https://example.cn/feed", at: attempt.at),
        ]
        let bytes = try IntakeWrite.encode(writes)
        let back = try IntakeWrite.decode(bytes)
        #expect(try IntakeWrite.encode(back) == bytes)
        guard case .batch(let decoded) = back[0], let first = decoded.articles.first else {
            Issue.record("the batch did not come back first")
            return
        }
        #expect(decoded.articleIDs == batch.articleIDs)
        #expect(first.contentHash == article.contentHash)
        #expect(first.searchDocument == article.searchDocument)
        #expect(first.fingerprint == print)
        #expect(first.published == article.published)
        #expect(decoded.unchanged == .allNotRead && decoded.completeListing == ["a", "b"] && decoded.skipped == 2)
        guard case let .attempt(backAttempt, interval, _) = back[1] else {
            Issue.record("the attempt did not come back second")
            return
        }
        #expect(backAttempt.at == attempt.at && backAttempt.httpStatus == 200 && interval == 900)
    }
}
