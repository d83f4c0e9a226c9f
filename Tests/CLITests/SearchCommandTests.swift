import Foundation
import TestSupport
import Testing

/// `finews search` on the refreshed seeds, as a user runs it.
@Suite struct SearchCommandTests {
    let workspace: Workspace
    let finews = CommandRunner()
    var config: [String] { ["--config", workspace.configFile.path] }

    init() throws {
        workspace = try Workspace()
    }

    @Test func findsChineseWordsInEitherScriptAndPrintsJSONLines() throws {
        #expect(try finews.run(["refresh"] + config).status == 0)
        let plain = try finews.run(["search", "区块链", "重庆"] + config)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.contains("重庆区块链产业再迎新发展"))
        #expect(plain.stdout.contains("[区块链]"))
        let json = try finews.run(["search", "區塊鏈", "--json", "--limit", "2"] + config)
        let lines = json.stdout.split(separator: "\n")
        #expect(lines.count == 2, "\(json.stdout)")
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["source"] as? String == "seeds")
            #expect((object["snippet"] as? String)?.isEmpty == false)
        }
        let excluded = try finews.run(["search", "区块链", "-重庆", "--since", "2021-12-01"] + config)
        #expect(!excluded.stdout.contains("重庆区块链产业再迎新发展"))
        #expect(excluded.stdout.contains("江北新区召开科技金融发展大会"))
    }

    @Test func badQueriesAreUsageErrors() throws {
        let long = try finews.run(["search", String(repeating: "银", count: 201)] + config)
        #expect(long.status == 2)
        #expect(long.stderr.contains("at most 200"), "\(long.stderr)")
        let limit = try finews.run(["search", "银行", "--limit", "0"] + config)
        #expect(limit.status == 2)
        let since = try finews.run(["search", "银行", "--since", "yesterday-ish"] + config)
        #expect(since.status == 2)
        let typo = try finews.run(["search", "银行", "--limt", "3"] + config)
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("--limt"), "\(typo.stderr)")
    }
}
