import Fetch
import Foundation
import Testing

/// Header values are outside bytes too: what a server sent as ETag or Last-Modified goes back verbatim in
/// the next request, so a value that could start a header of its own is not sent.
@Suite struct HeaderValueTests {
    @Test func validatorsThatWouldSplitTheRequestAreNotSent() {
        var headers = HTTPHeaders()
        for line in ["HTTP/1.1 200 OK\r\n", "ETag: \"a\"\rSet-Cookie: x=1\r\n", "Last-Modified: Fri, 09 Apr 2021 18:10:00 GMT\r\n"] {
            headers.receive(line: line)
        }
        let request = FetchRequest(url: "https://example.com/", etag: headers["etag"], lastModified: headers["last-modified"])
        #expect(request.headerLines == ["If-Modified-Since: Fri, 09 Apr 2021 18:10:00 GMT"])
    }

    @Test func aStatusLineStartsANewResponse() {
        var headers = HTTPHeaders()
        for line in ["HTTP/1.1 301 Moved\r\n", "ETag: old\r\n", "HTTP/1.1 200 OK\r\n", "Content-Type: text/html\r\n"] {
            headers.receive(line: line)
        }
        #expect(headers["etag"] == nil)
        #expect(headers["content-type"] == "text/html")
    }

    @Test(arguments: ["99999999999999999999", "-5", "1e400", "Fri, 09 Apr 99999 18:10:00 GMT", "\u{0}"])
    func absurdRetryAfterValuesAreNotDates(value: String) {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        if let date = RetryAfter.date(from: value, now: now) {
            #expect(date.timeIntervalSince1970.isFinite)
        }
    }
}
