import Foundation
import Testing
import TestSupport

/// `finews extract FILE|URL` as a user runs it: a GBK page read from a file, and fetched from the
/// fetch tests' server (Tests/Fixtures/fetch/server.py) on 127.0.0.1 with its charset in the header.
@Suite(.localServer) struct ExtractCommandTests {
    let finews = CommandRunner()

    @Test func aGBKFileIsDecodedBeforeExtraction() throws {
        let result = try finews.run(["extract", Fixtures.url("decode/gbk-undeclared.html").path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(json?["title"] as? String == "财经要闻")
        #expect((json?["content_text"] as? String)?.contains("沪深两市成交额突破万亿元") == true)
    }

    @Test func aURLIsFetchedAndDecodedByItsContentTypeCharset() throws {
        let server = try server()
        let page = server.url("/fixture/gbk-undeclared.html?type=text/html;%20charset=gbk")
        let fetched = try finews.run(["extract", page, "--json"])
        #expect(fetched.status == 0, "\(fetched.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(fetched.stdout.utf8)) as? [String: Any]
        #expect((json?["content_text"] as? String)?.contains("银行间市场流动性保持合理充裕") == true)
        #expect(json?["published"] is NSNull)

        // --url stands in for the fetched URL: its path dates the page.
        let dated = try finews.run(["extract", page, "--url", "https://finance.example.cn/a/2021-12-23/1.html", "--json"])
        let datedJSON = try JSONSerialization.jsonObject(with: Data(dated.stdout.utf8)) as? [String: Any]
        #expect((datedJSON?["published"] as? String)?.hasPrefix("2021-12-23") == true)

        let missing = try finews.run(["extract", server.url("/status/404")])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("404"))
    }
}
