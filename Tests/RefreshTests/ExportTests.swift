import Config
import Foundation
import Model
import Publish
import Refresh
import Store
import TestSupport
import Testing

/// `finews export` and the `export:` section: the seed archive written as Jekyll and Hexo posts and read
/// back by a `files` source gives the same titles, times and bodies.
@Suite struct ExportTests {
    static func seededArchive() async throws -> (Workspace, FinewsConfig, Archive) {
        let workspace = try Workspace()
        let config = try FinewsConfig.load(from: workspace.configFile)
        let archive = try Archive(path: config.database)
        let report = try await Refresher(config: config, archive: archive).run(trigger: .manual)
        #expect(report.outcomes.allSatisfy { $0.failure == nil })
        return (workspace, config, archive)
    }

    static func articles(_ archive: Archive) throws -> [Article] {
        var all: [Article] = []
        try archive.forEachArticle { all.append($0) }
        return all
    }

    @Test(arguments: ExportTarget.Style.allCases)
    func theSeedArchiveRoundTrips(_ style: ExportTarget.Style) async throws {
        let (workspace, config, archive) = try await Self.seededArchive()
        let original = try Self.articles(archive)
        #expect(original.count == 5)
        let site = workspace.folder.path("site")
        let exporter = PostExporter(target: ExportTarget(style: style, folder: site), timeZone: config.timeZone)
        let first = try exporter.export(archive)
        #expect(first == PostExporter.Summary(written: 5, unchanged: 0))
        #expect(try exporter.export(archive) == PostExporter.Summary(written: 0, unchanged: 5), "unchanged posts are not rewritten")

        let posts = site.appendingPathComponent(style == .jekyll ? "_posts" : "source/_posts")
        try workspace.folder.write("readback.yaml", """
            database: var/readback.sqlite
            output: public-readback
            sources:
              - {id: back, kind: files, path: "\(posts.path)"}
            """)
        let backConfig = try FinewsConfig.load(from: workspace.folder.path("readback.yaml"))
        let backArchive = try Archive(path: backConfig.database)
        let report = try await Refresher(config: backConfig, archive: backArchive).run(trigger: .manual)
        #expect(report.outcomes.first?.failure == nil)
        #expect(report.outcomes.first?.errors.isEmpty == true, "\(report.outcomes.first?.errors ?? [])")
        let back = try Self.articles(backArchive)
        #expect(back.count == original.count)
        for article in original {
            guard let copy = back.first(where: { $0.title == article.title }) else {
                Issue.record("\(style): '\(article.title)' did not come back")
                continue
            }
            let time = article.published?.date ?? Date(timeIntervalSince1970: article.firstSeen.timeIntervalSince1970.rounded(.down))
            #expect(copy.published?.date == time, "\(style): time of \(article.title)")
            #expect(copy.contentText == article.contentText, "\(style): body of \(article.title)")
            #expect(copy.link == article.link, "\(style): link of \(article.title)")
        }
    }

    @Test func jekyllPostsFollowTheSeedStyle() async throws {
        let (workspace, config, archive) = try await Self.seededArchive()
        let site = workspace.folder.path("site")
        let target = ExportTarget(style: .jekyll, folder: site, siteURL: "//finews.withounder.com")
        _ = try PostExporter(target: target, timeZone: config.timeZone).export(archive)
        let text = try String(contentsOf: site.appendingPathComponent("_posts/2021-12-23-NW202112232224053637.md"), encoding: .utf8)
        #expect(text.hasPrefix("""
            ---
            layout: post
            title: "江北新区召开科技金融发展大会"
            date: 2021-12-23 13:43:05 +0800
            categories: nanjingchenbao
            tags: 南京晨报新闻
            ---
            <p>12月21日
            """))
        #expect(text.hasSuffix("""

            <http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202112232224053637>

            [返回南京晨报新闻](//finews.withounder.com/category/nanjingchenbao.html)｜[返回首页](//finews.withounder.com/)

            """))
    }

    @Test func hexoPostsCarryCategoriesAuthorAndImages() async throws {
        let (workspace, config, archive) = try await Self.seededArchive()
        let site = workspace.folder.path("site")
        _ = try PostExporter(target: ExportTarget(style: .hexo, folder: site), timeZone: config.timeZone).export(archive)
        let files = try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("source/_posts").path)
        let name = try #require(files.first { $0.hasPrefix("2021-04-09-") })
        let text = try String(contentsOf: site.appendingPathComponent("source/_posts/\(name)"), encoding: .utf8)
        #expect(text.contains("\ncategories: \n - 金融\n - 证券时报网\n - 要闻\n"), "\(text.prefix(400))")
        #expect(text.contains("\nheadimg: 'https://news.stcn.com/news/202104/W020210409654088856583.png'\n"))
        #expect(text.contains("\nthumbnail: 'https://news.stcn.com/news/202104/W020210409654088856583.png'\n"))
        #expect(text.contains("\nauthor: 证券时报网\n"))
        #expect(text.contains("\ndate: Fri, 09 Apr 2021 18:10:00 GMT\n"))
    }

    @Test func theExportSectionKeepsAFolderUpToDateAfterEveryRefresh() async throws {
        let workspace = try Workspace()
        try workspace.folder.write("finews.yaml", """
            database: var/finews.sqlite
            output: public
            sources:
              - {id: seeds, kind: files, path: posts}
            export:
              - {style: jekyll, path: site, sources: [seeds]}
            """)
        let config = try FinewsConfig.load(from: workspace.configFile)
        let archive = try Archive(path: config.database)
        _ = try await Refresher(config: config, archive: archive).run(trigger: .manual)
        let posts = workspace.folder.path("site/_posts")
        #expect(try FileManager.default.contentsOfDirectory(atPath: posts.path).count == 5)
        let file = posts.appendingPathComponent("2021-12-23-NW202112232224053637.md")
        let before = try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date
        // An edited seed is rewritten; the others are left alone.
        let seed = workspace.posts.appendingPathComponent("000_563a0070372440d8.txt")
        let edited = try String(contentsOf: seed, encoding: .utf8)
            .replacingOccurrences(of: "title: \"江北新区召开科技金融发展大会\"", with: "title: \"江北新区召开科技金融发展大会（更新）\"")
        try Data(edited.utf8).write(to: seed)
        let other = posts.appendingPathComponent("2022-01-12-NW202201122245542893.md")
        let otherBefore = try Data(contentsOf: other)
        let otherDate = try FileManager.default.attributesOfItem(atPath: other.path)[.modificationDate] as? Date
        _ = try await Refresher(config: config, archive: archive).run(trigger: .manual)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("（更新）"))
        let exporter = PostExporter(target: try #require(config.exports.first), timeZone: config.timeZone)
        #expect(try exporter.update(archive) == PostExporter.Summary(written: 0, unchanged: 0),
                "with nothing new in the change log no post is looked at")
        #expect(try Data(contentsOf: other) == otherBefore)
        #expect(try FileManager.default.attributesOfItem(atPath: other.path)[.modificationDate] as? Date == otherDate)
        _ = before
    }
}
