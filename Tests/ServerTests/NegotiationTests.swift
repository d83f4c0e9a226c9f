import HTTPTypes
import Model
import NIOCore
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

@Suite struct ConditionalTests {
    func file() -> CachedFile {
        var file = CachedFile(version: .init(device: 1, inode: 2, size: 3, mtimeNanoseconds: 4), identity: ByteBuffer(string: "abc"),
                              gzip: nil, contentType: "text/plain; charset=utf-8", etag: "\"3-4\"", gzipETag: "\"3-4-gz\"",
                              lastModified: HTTPDate.format(secondsSince1970: 1_000), lastModifiedSeconds: 1_000)
        file.buildHeaders()
        return file
    }

    @Test func ifNoneMatchComparesTagsWeakly() {
        let file = file()
        func matches(_ value: String) -> Bool { Negotiation.notModified(HTTPFields([HTTPField(name: .ifNoneMatch, value: value)]), file: file) }
        #expect(matches("\"3-4\""))
        #expect(matches("\"3-4-gz\""))
        #expect(matches("\"x\", W/\"3-4\""))
        #expect(matches("*"))
        #expect(!matches("\"3-4-\""))
        #expect(!matches("\"3-\""))
    }

    @Test func ifModifiedSinceAtOrAfterTheFileTime() {
        let file = file()
        func matches(_ seconds: Int) -> Bool {
            Negotiation.notModified(HTTPFields([HTTPField(name: .ifModifiedSince, value: HTTPDate.format(secondsSince1970: seconds))]), file: file)
        }
        #expect(matches(1_000))
        #expect(matches(2_000))
        #expect(!matches(999))
    }
}
