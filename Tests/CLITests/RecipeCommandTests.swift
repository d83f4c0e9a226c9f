import Foundation
import TestSupport
import Testing

/// `finews recipes`, `finews try` and `finews export` as a user meets them; `try` reaches the recipe
/// replicas through the configuration's `http.connect_to`.
@Suite struct RecipeCommandTests {
    let finews = CommandRunner()

    @Test func recipesListsEveryRecipeOnALineOfItsOwn() throws {
        let result = try finews.run(["recipes"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count >= 15)
        for name in ["eastmoney-7x24", "eastmoney-column", "cls-telegraph", "cls-depth", "wallstreetcn-live",
                     "wallstreetcn-news", "jin10-flash", "stcn-kx", "yicai-latest", "sina-roll", "sina-7x24", "cnstock",
                     "csrc", "sse-bulletin", "szse-notice"] {
            #expect(lines.contains { $0.hasPrefix(name + " ") }, "\(name) missing from:\n\(result.stdout)")
        }
        #expect(result.stdout.contains("column=1207"))
        #expect(result.stdout.contains("channel (required)"))
    }

    /// A configuration that sends every request to `replica`, with a source per recipe given.
    func workspace(_ replica: ReplicaServer, sources: String = "  - {id: jin10, recipe: jin10-flash}") throws -> TemporaryFolder {
        let folder = try TemporaryFolder("try")
        try folder.write("finews.yaml", """
            database: var/finews.sqlite
            output: public
            \(replica.httpSection)
            sources:
            \(sources)
            """)
        return folder
    }

    @Test func tryPrintsTheFirstItemsAndWritesNothing() throws {
        let replica = try ReplicaServer()
        defer { withExtendedLifetime(replica) {} } // the server stops when released
        let folder = try workspace(replica)
        let config = ["--config", folder.path("finews.yaml").path]
        let text = try finews.run(["try", "jin10"] + config)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("乘联会：5月乘用车零售同比增长13%"))
        #expect(text.stdout.contains("https://flash.jin10.com/detail/20250603093000123400"))
        #expect(text.stdout.contains("2025-06-03T09:30:00+08:00"))
        #expect(!FileManager.default.fileExists(atPath: folder.path("var/finews.sqlite").path), "try wrote an archive")
        #expect(!FileManager.default.fileExists(atPath: folder.path("public").path), "try published feeds")

        let json = try finews.run(["try", "--recipe", "eastmoney-column", "--set", "column=1207", "--json"] + config)
        #expect(json.status == 0, "\(json.stderr)")
        let lines = json.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.count == 3)
        #expect(lines.first??["title"] as? String == "栏目1207：东方财富财经早餐 6月3日周二")
        #expect(lines.first??["outlet"] as? String == "东方财富研究中心")
        #expect((lines.first??["body_length"] as? Int ?? 0) > 10)
        #expect(lines.last??["items"] as? Int == 2)

        let url = try finews.run(["try", "http://www.csrc.gov.cn/searchList/c100028?_isJson=true", "--kind", "json",
                                  "--set", "records=data.results", "--limit", "1"] + config)
        #expect(url.status == 0, "\(url.stderr)")
        #expect(url.stdout.contains("证监会发布《上市公司信息披露管理办法》修订稿"), "\(url.stdout)")
        #expect(url.stdout.contains("http://www.csrc.gov.cn/csrc/c100028/c7550001/content.shtml"))
        #expect(!url.stdout.contains("证监会召开2025年系统工作会议"), "--limit 1 prints one item")
    }

    @Test func tryFailsAsARefreshWouldWithTheSitesMessage() throws {
        let replica = try ReplicaServer(mode: "refused")
        defer { withExtendedLifetime(replica) {} } // the server stops when released
        let folder = try workspace(replica, sources: "  - {id: cls, recipe: cls-telegraph}")
        let result = try finews.run(["try", "cls", "--config", folder.path("finews.yaml").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("recipe cls-telegraph: the site answered an error (errno = 40003): 访问受限"), "\(result.stderr)")
        let usage = try finews.run(["try", "--config", folder.path("finews.yaml").path])
        #expect(usage.status == 2)
        let unknown = try finews.run(["try", "--recipe", "nope", "--config", folder.path("finews.yaml").path])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no recipe 'nope'"), "\(unknown.stderr)")
    }

    @Test func exportWritesJekyllPostsOfTheSeedArchive() throws {
        let workspace = try Workspace()
        let config = ["--config", workspace.configFile.path]
        #expect(try finews.run(["refresh"] + config).status == 0)
        let site = workspace.folder.path("site")
        let result = try finews.run(["export", "jekyll", site.path, "--since", "2021-12-01", "--source", "seeds"] + config)
        #expect(result.status == 0, "\(result.stderr)")
        let posts = try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("_posts").path).sorted()
        #expect(posts.contains("2021-12-23-NW202112232224053637.md"))
        #expect(posts.contains("2022-01-12-NW202201122245542893.md"))
        #expect(!posts.contains { $0.hasPrefix("2021-04-09") }, "--since keeps older posts out: \(posts)")
        #expect(try finews.run(["export", "wordpress", site.path] + config).status == 2)
    }
}
