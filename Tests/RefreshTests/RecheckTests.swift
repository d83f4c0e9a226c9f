import Config
import Foundation
import Model
import Refresh
import Store
import TestSupport
import Testing

/// Stored article pages are fetched again on a schedule that thins with age, so edits are caught;
/// real libcurl against `server.py`, a real archive, an injected clock.
@Suite(.localServer) struct RecheckTests {
    @Test func anEditedPageIsCaughtAtTheScheduledRechecksAndThenLeftAlone() async throws {
        let t = token()
        let folder = try TemporaryFolder("recheck")
        try folder.write("finews.yaml", """
            database: var/finews.sqlite
            output: public
            recheck: [15m, 1h, 3h, 1d, 3d]
            http: {timeout: 5s, attempts: 1, min_host_interval: 0}
            sources:
              - {id: edited, kind: html, url: "\(try server().url("/edited/list.html?t=\(t)"))"}
            """)
        let config = try FinewsConfig.load(from: folder.path("finews.yaml"))
        let archive = try Archive(path: config.database)
        let start = Date(timeIntervalSince1970: 1_750_000_000)
        let clock = ManualClock(start)
        let refresher = Refresher(config: config, archive: archive, clock: clock)
        func refresh(at minutes: Double) async throws -> SourceOutcome {
            clock.set(start.addingTimeInterval(minutes * 60))
            return try #require(try await refresher.run(trigger: .schedule).outcomes.first)
        }
        func pageFetches() async throws -> Int {
            try await server().requests(token: t).filter { $0.path.hasPrefix("/edited/news/") }.count
        }

        let first = try await refresh(at: 0)
        #expect(first.new == 1)
        #expect(try await pageFetches() == 1)

        let early = try await refresh(at: 10)
        #expect(early.unchanged == 1)
        #expect(try await pageFetches() == 1, "not due before 15 minutes")

        let caught = try await refresh(at: 16)
        #expect(caught.updated == 1)
        #expect(try await pageFetches() == 2)
        let event = try #require(try archive.changes().last)
        #expect(event.kind == .updated)
        #expect(event.detail == "body: 1 paragraph added; +33/-0 characters")
        let article = try #require(try archive.latestArticles(.all, limit: 1).first)
        #expect(article.contentText.contains("更正"))
        #expect(try archive.revisions(of: article.id).count == 1)

        _ = try await refresh(at: 30)
        #expect(try await pageFetches() == 2, "the 1 h recheck is not due at 30 minutes")
        let hourly = try await refresh(at: 61)
        #expect(hourly.unchanged == 1 && hourly.updated == 0)
        #expect(try await pageFetches() == 3)

        _ = try await refresh(at: 84 * 60)
        #expect(try await pageFetches() == 4, "the 3 h, 1 d and 3 d points passed together: one fetch")
        _ = try await refresh(at: 10 * 24 * 60)
        #expect(try await pageFetches() == 4, "after the last point the page is left alone")
    }

    @Test(arguments: [
        (0.0, 0.0, 10.0, false), (0.0, 0.0, 15.0, true), (0.0, 16.0, 30.0, false), (0.0, 16.0, 60.0, true),
        (0.0, 61.0, 7200.0, true), (0.0, 4400.0, 9000.0, false),
    ])
    func theScheduleIsCountedFromFirstSeen(firstSeen: Double, lastChecked: Double, now: Double, due: Bool) {
        let minutes: [TimeInterval] = [15, 60, 180, 1440, 4320]
        #expect(Archive.isRecheckDueForTesting(firstSeen: firstSeen * 60, lastChecked: lastChecked * 60, now: now * 60,
                                               schedule: minutes.map { $0 * 60 }) == due)
    }
}
