import Decode
import Fetch
import Foundation
import Testing
import TestSupport

/// Pages and feeds in legacy charsets fetched over HTTP and decoded with the response's Content-Type.
@Suite(.localServer) struct FetchedCharsetTests {
    private func fetchDecoded(_ path: String) async throws -> (FetchResponse, DecodedText) {
        let response = try await HTTPClient(policy: .test()).fetch(FetchRequest(url: server().url(path))).get()
        return (response, try TextDecoder.decode(response.body, contentType: response.contentType, location: response.url))
    }

    @Test func gbkPageWithoutAnyDeclaration() async throws {
        let (_, decoded) = try await fetchDecoded("/fixture/gbk-undeclared.html?type=text/html")
        #expect(decoded.charset == "GB18030")
        #expect(decoded.text.contains("沪深两市成交额突破万亿元"))
    }

    @Test func big5PageDeclaredByHeader() async throws {
        let (_, decoded) = try await fetchDecoded("/fixture/big5-undeclared.html?type=text/html;%20charset=big5")
        #expect(decoded.source == .httpHeader)
        #expect(decoded.text.contains("外資買超新臺幣百億元"))
    }

    @Test func rssDeclaringGB2312() async throws {
        let (_, decoded) = try await fetchDecoded("/fixture/rss-gb2312.xml?type=application/rss%2Bxml")
        #expect(decoded.source == .xmlDeclaration)
        #expect(decoded.text.contains("<title>央行开展逆回购操作</title>"))
    }

    @Test func wrongContentTypeStillFetchesTheBytes() async throws {
        let (response, decoded) = try await fetchDecoded("/feed/wrong-type")
        #expect(response.contentType == "image/png")
        #expect(decoded.text.hasPrefix("<?xml"))
    }

    @Test func feedWithBareAmpersandArrivesIntact() async throws {
        let (_, decoded) = try await fetchDecoded("/feed/bare-amp")
        #expect(decoded.text.contains("<title>沪深300 & 创业板</title>"))
    }
}
