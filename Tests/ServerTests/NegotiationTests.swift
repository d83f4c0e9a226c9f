@testable import Server
import Testing

@Suite struct NegotiationTests {
    @Test func acceptEncodingHonoursQualities() {
        #expect(Negotiation.acceptsGzip("gzip, deflate, br"))
        #expect(Negotiation.acceptsGzip("br;q=1.0, gzip;q=0.8"))
        #expect(Negotiation.acceptsGzip("*"))
        #expect(!Negotiation.acceptsGzip("gzip;q=0"))
        #expect(!Negotiation.acceptsGzip("identity"))
        #expect(!Negotiation.acceptsGzip(nil))
    }

    @Test func httpDatesRoundTrip() {
        let text = HTTPDate.format(secondsSince1970: 784_111_777)
        #expect(text == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.parse(text) == 784_111_777)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
    }

    @Test func pathsAreCheckedBeforeTheyNameFiles() {
        #expect(FeedPath.classify("/categories/nanjingchenbao/atom.xml") == .file("categories/nanjingchenbao/atom.xml"))
        #expect(FeedPath.classify("/%E4%B8%AD/atom.xml") == .file("中/atom.xml"))
        #expect(FeedPath.classify("/a/../atom.xml") == .refused)
        #expect(FeedPath.classify("/%2e%2e/etc/passwd") == .refused)
        #expect(FeedPath.classify("/a\\..\\b") == .refused)
        #expect(FeedPath.classify("/.finews-publish.json") == .notServed)
        #expect(FeedPath.classify("/categories/") == .notServed)
        #expect(FeedPath.classify("//atom.xml") == .notServed)
    }

    @Test func bearerTokensMatchExactly() {
        #expect(Negotiation.bearerMatches("Bearer abcdefghijklmnop", token: "abcdefghijklmnop"))
        #expect(Negotiation.bearerMatches("bearer abcdefghijklmnop", token: "abcdefghijklmnop"))
        #expect(!Negotiation.bearerMatches("Bearer abcdefghijklmno", token: "abcdefghijklmnop"))
        #expect(!Negotiation.bearerMatches("Bearer abcdefghijklmnopq", token: "abcdefghijklmnop"))
        #expect(!Negotiation.bearerMatches("Basic abcdefghijklmnop", token: "abcdefghijklmnop"))
    }
}
