import Dedup
import Foundation
import Model
import Store
import TestSupport
import Testing

/// Many-row reads (feeds, filter candidates, story members) decode articles by column position, found
/// once per statement; a single article is still read by column name. Both must give the same article.
@Suite struct ArticleReadingTests {
    let folder: TemporaryFolder
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    let text = (1...6).map { "第\($0)部分：新能源汽车产业链上下游企业加快布局，电池材料价格回落，整车企业利润改善。" }
        .joined(separator: "\n")

    init() throws {
        folder = try TemporaryFolder("article-reading")
    }

    func article(_ id: String, minute: Int, title: String) -> PreparedArticle {
        let published = ZonedDate(date: now.addingTimeInterval(Double(minute) * 60), utcOffset: 8 * 3600)
        let draft = ArticleDraft(itemID: id, origin: "\(id).md", link: "https://example.com/\(id)", title: title,
                                 published: published, outlet: "outlet-\(id)", author: "记者\(id)",
                                 categories: [Category(name: "新能源")], tags: ["电池", id], imageURL: "https://example.com/\(id).png")
        return PreparedArticle(draft, itemID: id, contentHTML: "<p>\(text)</p><p>\(id)</p>", contentText: text + id,
                               fingerprint: Fingerprinter().fingerprint(text))
    }

    func archive(_ backend: StoreBackend) throws -> any ArchiveStore {
        let archive = try backend.makeArchive(in: folder)
        let refresh = try archive.beginRefresh(trigger: .manual, at: now)
        // Three outlets print one story (same text), so there are members besides the lead.
        for (index, id) in ["a", "b", "c"].enumerated() {
            _ = try archive.apply(SourceBatch(sourceID: "s-\(id)", kind: "files",
                                              articles: [article(id, minute: index, title: "标题\(id)")]),
                                  refreshID: refresh, at: now)
        }
        return archive
    }

    @Test(arguments: StoreBackend.allCases)
    func feedsReadTheSameArticlesAsALookupByID(_ backend: StoreBackend) throws {
        let archive = try archive(backend)
        let feed = try archive.latestArticles(.all, limit: 10)
        #expect(feed.map(\.itemID) == ["c", "b", "a"])
        for article in feed {
            #expect(try archive.article(id: article.id) == article)
        }
        #expect(feed.first?.categories.map(\.name) == ["新能源"])
        #expect(feed.first?.tags == ["电池", "c"])
        #expect(feed.first?.published?.utcOffset == 8 * 3600)
        let paged = try archive.latestArticles(.category(Category(name: "新能源").slug), limit: 2, onePerStory: false, after: nil)
        #expect(paged.articles == Array(feed.prefix(2)))
        let rest = try archive.latestArticles(.category(Category(name: "新能源").slug), limit: 2, onePerStory: false,
                                              after: paged.next)
        #expect(rest.articles == [feed[2]])
        #expect(rest.next == nil)
    }

    @Test(arguments: StoreBackend.allCases)
    func candidatesAndStoryMembersLeaveOutWhatTheirReadersDoNotShow(_ backend: StoreBackend) throws {
        let archive = try archive(backend)
        let candidates = try archive.filterCandidates(.all, limit: 10, onePerStory: false)
        for candidate in candidates {
            var stored = try #require(try archive.article(id: candidate.id))
            #expect(!stored.contentHTML.isEmpty)
            stored.contentHTML = ""
            #expect(candidate == stored)
        }
        let lead = try #require(try archive.latestArticles(.all, limit: 1, onePerStory: true).first)
        let story = try #require(lead.storyID)
        let members = try archive.storyMembers(story, except: lead.id)
        #expect(members.count == 2)
        for member in members {
            var stored = try #require(try archive.article(id: member.id))
            stored.contentHTML = ""
            stored.contentText = ""
            #expect(member == stored)
        }
    }

    /// The first filtered request tries the title and text bytes before making an article; what it
    /// refuses is never made, what it lets through is still judged by `keeping`.
    @Test(arguments: StoreBackend.allCases)
    func thePrefilterSeesEachCandidatesTitleAndTextBytes(_ backend: StoreBackend) throws {
        let archive = try archive(backend)
        var seen: [String] = []
        let kept = try archive.filterCandidates(.all, limit: 10, onePerStory: false, wanted: 5, prefilter: { title, text in
            let title = String(decoding: title, as: UTF8.self), text = String(decoding: text, as: UTF8.self)
            seen.append(title)
            #expect(text.hasPrefix("第1部分"))
            return title != "标题b"
        }, keeping: { $0.itemID != "c" })
        #expect(seen == ["标题c", "标题b", "标题a"])
        #expect(kept.map(\.itemID) == ["a"])
        #expect(kept.first?.contentText.hasSuffix("a") == true)
        let first = try archive.filterCandidates(.all, limit: 10, onePerStory: false, wanted: 1, prefilter: { _, _ in true },
                                                 keeping: { _ in true })
        #expect(first.map(\.itemID) == ["c"])
    }
}
