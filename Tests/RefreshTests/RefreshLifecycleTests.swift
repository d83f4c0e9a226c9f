import Config
import Foundation
import Model
import Refresh
import Store
import TestSupport
import Testing

/// The spine end to end on a real SQLite file and on a real PostgreSQL database: the seeds in, feeds and
/// a change log out.
@Suite struct RefreshLifecycleTests {
    @Test(arguments: StoreBackend.allCases)
    func theFirstRefreshStoresTheFiveSeedsAndPublishesEveryFeed(_ backend: StoreBackend) async throws {
        let seeded = try SeededArchive(backend: backend)
        let workspace = seeded.workspace, archive = seeded.archive
        func refresh() async throws -> RefreshReport { try await seeded.refresh() }
        let report = try await refresh()
        #expect(report.outcomes.map(\.new) == [5])
        #expect(!report.hasErrors)
        #expect(try archive.articleCount() == 5)
        for path in ["feed.xml", "atom.xml", "feed.json", "changes.jsonl", "changes.atom",
                     "categories/nanjingchenbao/atom.xml", "categories/zhengquanshibaowang/feed.json",
                     "categories/jinrong/feed.xml", "sources/seeds/atom.xml"] {
            #expect(FileManager.default.fileExists(atPath: workspace.output.appendingPathComponent(path).path), "\(path)")
        }
        let log = try String(contentsOf: workspace.output.appendingPathComponent("changes.jsonl"), encoding: .utf8)
        #expect(log.split(separator: "\n").count == 5)
        #expect(try archive.changes().map(\.kind) == Array(repeating: .new, count: 5))
    }

    @Test(arguments: StoreBackend.allCases)
    func aSecondRefreshWithNothingChangedChangesNothing(_ backend: StoreBackend) async throws {
        let seeded = try SeededArchive(backend: backend)
        let workspace = seeded.workspace, archive = seeded.archive
        func refresh() async throws -> RefreshReport { try await seeded.refresh() }
        _ = try await refresh()
        let before = try workspace.snapshot()
        let eventsBefore = try archive.changes().count
        let second = try await refresh()
        #expect(second.outcomes.first?.new == 0)
        #expect(second.outcomes.first?.updated == 0)
        #expect(second.outcomes.first?.unchanged == 5)
        #expect(try archive.changes().count == eventsBefore)
        #expect(second.publishedFiles.isEmpty)
        let after = try workspace.snapshot()
        #expect(Set(after.keys) == Set(before.keys))
        for (path, (data, date)) in before {
            #expect(after[path]?.0 == data, "\(path) bytes changed")
            #expect(after[path]?.1 == date, "\(path) was rewritten")
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func anEditedSeedBecomesOneUpdateAndKeepsTheOldVersion(_ backend: StoreBackend) async throws {
        let seeded = try SeededArchive(backend: backend)
        let workspace = seeded.workspace, archive = seeded.archive
        func refresh() async throws -> RefreshReport { try await seeded.refresh() }
        _ = try await refresh()
        let file = workspace.posts.appendingPathComponent("001_3395f569a539f42d.txt")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "1月12日，南京市", with: "1月12日下午，南京市")
            .write(to: file, atomically: true, encoding: .utf8)
        let report = try await refresh()
        #expect(report.outcomes.first?.updated == 1)
        #expect(report.outcomes.first?.unchanged == 4)
        let events = try archive.changes().filter { $0.kind == .updated }
        #expect(events.count == 1)
        let id = try #require(events.first?.articleID)
        let revisions = try archive.revisions(of: id)
        #expect(revisions.count == 1)
        #expect(revisions.first?.version == 1)
        let article = try #require(try archive.article(id: id))
        #expect(article.version == 2)
        #expect(article.contentText.contains("1月12日下午"))
        let atom = try String(contentsOf: workspace.output.appendingPathComponent("atom.xml"), encoding: .utf8)
        #expect(atom.contains("1月12日下午"))
        let log = try String(contentsOf: workspace.output.appendingPathComponent("changes.jsonl"), encoding: .utf8)
        #expect(log.split(separator: "\n").last?.contains("\"kind\":\"updated\"") == true)
    }

    @Test(arguments: StoreBackend.allCases)
    func aDeletedFileIsRemovedFromFeedsButStaysInTheArchive(_ backend: StoreBackend) async throws {
        let seeded = try SeededArchive(backend: backend)
        let workspace = seeded.workspace, archive = seeded.archive
        func refresh() async throws -> RefreshReport { try await seeded.refresh() }
        _ = try await refresh()
        try FileManager.default.removeItem(at: workspace.posts.appendingPathComponent("000_563a0070372440d8.txt"))
        let report = try await refresh()
        #expect(report.outcomes.first?.removed == 1)
        #expect(try archive.articleCount() == 5)
        let removed = try #require(try archive.changes().first { $0.kind == .removed })
        #expect(removed.title == "江北新区召开科技金融发展大会")
        #expect(try archive.article(id: removed.articleID)?.removed != nil)
        let atom = try String(contentsOf: workspace.output.appendingPathComponent("atom.xml"), encoding: .utf8)
        #expect(!atom.contains("江北新区召开科技金融发展大会"))
        let categoryFeed = workspace.output.appendingPathComponent("categories/nanjingchenbao/atom.xml")
        let categoryAtom = try String(contentsOf: categoryFeed, encoding: .utf8)
        #expect(!categoryAtom.contains("<entry>"))
    }

    @Test(arguments: StoreBackend.allCases)
    func feedsListNewestFirstAndHonourTheItemCount(_ backend: StoreBackend) async throws {
        let small = try SeededArchive(items: 2, backend: backend)
        _ = try await small.refresh()
        let articles = try small.archive.latestArticles(.all, limit: 2)
        // 004 has no date: it is listed at the time it was first seen, which is the newest.
        #expect(articles.map(\.title) == ["蘇州將成為江蘇省區塊鏈發展新高地",
                                          "南京获批资本市场金融科技创新试点 将开展试点项目申报遴选工作"])
        let atom = try String(contentsOf: small.workspace.output.appendingPathComponent("atom.xml"), encoding: .utf8)
        #expect(atom.components(separatedBy: "<entry>").count - 1 == 2)
    }
}

/// A large first refresh stores in parts, each committed on its own: stopped between parts, it keeps
/// what it stored, and the next refresh carries on from there.
@Suite struct PartedRefreshTests {
    @Test func aRefreshStoppedBetweenPartsKeepsThemAndTheNextOneConverges() async throws {
        let seeded = try SeededArchive()
        var refresher = Refresher(config: seeded.config, archive: seeded.archive, clock: seeded.clock)
        refresher.partSize = 2
        // Stop the refresh as soon as its first part (two posts) is stored, as a daemon shutting down would.
        refresher.progress = { step in
            if step.articles >= 2 { withUnsafeCurrentTask { $0?.cancel() } }
        }
        await #expect(throws: CancellationError.self) { try await refresher.run(trigger: .manual) }
        #expect(try seeded.archive.articleCount() == 2)
        #expect(try seeded.archive.changes().map(\.kind) == [.new, .new])
        let feed = seeded.workspace.output.appendingPathComponent("feed.xml")
        #expect(!FileManager.default.fileExists(atPath: feed.path), "publishing waits for the end of a refresh")

        refresher.progress = nil
        let next = try await refresher.run(trigger: .manual)
        #expect(next.outcomes.map(\.new) == [3])
        #expect(next.outcomes.map(\.unchanged) == [2])
        #expect(!next.hasErrors)
        #expect(try seeded.archive.articleCount() == 5)
        let published = try String(contentsOf: feed, encoding: .utf8)
        #expect(published.components(separatedBy: "<item>").count - 1 == 5)

        let settled = try await refresher.run(trigger: .manual)
        #expect(settled.outcomes.map(\.unchanged) == [5])
        #expect(settled.outcomes.map(\.new) == [0])
        #expect(settled.publishedFiles.isEmpty)
    }

    @Test func partsAddUpToOneOutcomePerSource() async throws {
        let seeded = try SeededArchive()
        var refresher = Refresher(config: seeded.config, archive: seeded.archive, clock: seeded.clock)
        refresher.partSize = 2
        let report = try await refresher.run(trigger: .manual)
        #expect(report.outcomes.map(\.new) == [5])
        #expect(try seeded.archive.lastRefresh()?.new == 5)
        #expect(try seeded.archive.changes().count == 5)
    }
}
