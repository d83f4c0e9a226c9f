import Config
import Foundation
import Model
@testable import Refresh
import Testing

/// The `id_policy` of a source decides when two readings are the same item.
@Suite struct ItemIdentityTests {
    let published = ZonedDate.parse("2021-12-23 13:43:05 +0800", defaultZone: TimeZone(identifier: "Asia/Shanghai")!)

    func draft(_ link: String?, id: String = "guid-1", title: String = "江北新区召开科技金融发展大会") -> ArticleDraft {
        ArticleDraft(itemID: id, link: link, title: title, published: published)
    }

    @Test func autoKeepsWhatTheAdapterGave() {
        #expect(ItemIdentity(policy: .auto, hostAliases: [:]).itemID(of: draft("https://a.example/x")) == "guid-1")
    }

    @Test func linkTreatsSchemesPortsFragmentsTrackingAndMobileHostsAlike() {
        let identity = ItemIdentity(policy: .link, hostAliases: ["m.example.com": "www.example.com"])
        let forms = [
            "https://www.example.com/news/1.html?b=2&a=1",
            "http://WWW.Example.com:80/news/1.html?a=1&b=2#comments",
            "https://m.example.com/news/1.html?a=1&utm_source=wechat&b=2&spm=abc",
        ]
        let ids = Set(forms.map { identity.itemID(of: draft($0)) })
        #expect(ids.count == 1)
        #expect(identity.itemID(of: draft("https://www.example.com/news/2.html")) != ids.first)
        #expect(identity.itemID(of: draft(nil)) == "guid-1")
    }

    @Test func titleAndDateIgnoresTheTimeOfDayAndTheLink() {
        let identity = ItemIdentity(policy: .titleAndDate, hostAliases: [:])
        let a = identity.itemID(of: draft("https://a.example/1", id: "x"))
        let b = identity.itemID(of: draft("https://b.example/2", id: "y"))
        #expect(a == b)
        #expect(a.hasPrefix("sha256:"))
        #expect(identity.itemID(of: draft("https://a.example/1", title: "另一条")) != a)
    }

    @Test func queryParameterReadsTheSiteID() {
        let identity = ItemIdentity(policy: .queryParameter("infoCode"), hostAliases: [:])
        #expect(identity.itemID(of: draft("http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202112232224053637"))
            == "NW202112232224053637")
        #expect(identity.itemID(of: draft("https://a.example/none")) == "guid-1")
    }

    @Test func theConfigReadsPoliciesAndAliases() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("identity-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("posts"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("finews.yaml")
        try Data("""
            host_aliases: {m.example.com: www.example.com}
            sources:
              - {id: posts, kind: files, path: posts, id_policy: "query:infoCode"}
            """.utf8).write(to: file)
        let config = try FinewsConfig.load(from: file)
        #expect(config.hostAliases == ["m.example.com": "www.example.com"])
        #expect(config.sources[0].idPolicy == .queryParameter("infoCode"))
        try Data("sources:\n  - {id: posts, kind: files, path: posts, id_policy: guess}\n".utf8).write(to: file)
        #expect(throws: ConfigError.self) { try FinewsConfig.load(from: file) }
    }
}
