import Dedup
import Foundation
import Model
import Store
import TestSupport
import Testing

/// A story shows in feeds as its first published current member. Members join in any order, the lead
/// is removed, and the lead must always be the first of the current members.
@Suite struct StoryLeadTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    let text = (1...6).map { "第\($0)部分：新能源汽车产业链上下游企业加快布局，电池材料价格回落，整车企业利润改善。" }
        .joined(separator: "\n")

    func article(_ id: String, minute: Int) -> PreparedArticle {
        let published = ZonedDate(date: now.addingTimeInterval(Double(minute) * 60), utcOffset: 8 * 3600)
        return PreparedArticle(ArticleDraft(itemID: id, origin: "\(id).md", title: "标题\(id)", published: published),
                               itemID: id, contentHTML: "<p>\(text)</p>", contentText: text,
                               fingerprint: Fingerprinter().fingerprint(text))
    }

    func lead(_ archive: any ArchiveStore) throws -> String? {
        let leads = try archive.latestArticles(.all, limit: 50, onePerStory: true)
        #expect(leads.count == 1, "one story, one entry: \(leads.map(\.itemID))")
        return leads.first?.itemID
    }

    @Test(arguments: StoreBackend.allCases)
    func theLeadIsAlwaysTheFirstCurrentMember(_ backend: StoreBackend) throws {
        let folder = try TemporaryFolder("story-lead")
        let archive = try backend.makeArchive(in: folder)
        let refresh = try archive.beginRefresh(trigger: .manual, at: now)
        // Each member comes from its own source, in an order that moves the lead back and forth;
        // two members share a minute, so the tie is broken as the full election breaks it.
        let joins = [("m5", 5), ("m9", 9), ("m1", 1), ("m3", 3), ("m1b", 1), ("m0", 0), ("m7", 7)]
        var members: [(id: String, minute: Int)] = []
        for (id, minute) in joins {
            _ = try archive.apply(SourceBatch(sourceID: "s-\(id)", kind: "files", articles: [article(id, minute: minute)]),
                                  refreshID: refresh, at: now)
            members.append((id, minute))
            let first = members.filter { $0.minute == members.map(\.minute).min() }
            #expect(first.map(\.id).contains(try lead(archive) ?? ""), "after \(id) joined")
        }
        #expect(try lead(archive) == "m0")
        // The lead's source stops listing it: the next first member leads, and a later join keeps it.
        var removal = SourceBatch(sourceID: "s-m0", kind: "files", articles: [])
        removal.completeListing = []
        _ = try archive.apply(removal, refreshID: refresh, at: now)
        let afterRemoval = try lead(archive)
        #expect(afterRemoval == "m1" || afterRemoval == "m1b")
        _ = try archive.apply(SourceBatch(sourceID: "s-m2", kind: "files", articles: [article("m2", minute: 2)]),
                              refreshID: refresh, at: now)
        #expect(try lead(archive) == afterRemoval)
        _ = try archive.apply(SourceBatch(sourceID: "s-early", kind: "files", articles: [article("early", minute: -3)]),
                              refreshID: refresh, at: now)
        #expect(try lead(archive) == "early")
    }
}
