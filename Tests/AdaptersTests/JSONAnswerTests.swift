@testable import Adapters
import Config
import Foundation
import Testing

/// The pure parts of the `json` kind: how answers are unwrapped, how paths, filters and skip
/// conditions read records.
@Suite struct JSONAnswerTests {
    @Test(arguments: [
        #"{"a": 1}"#,
        #"jQuery1124012345_1748914200000({"a": 1});"#,
        #"/**/ cb ( {"a": 1} )"#,
        #"var ajaxResult={"a": 1};"#,
        #"var newest = {"a": 1}"#,
        "\u{FEFF}" + #" {"a": 1} "#,
    ])
    func answersAreUnwrapped(_ text: String) throws {
        let root = try #require(JSONText.parse(text) as? [String: Any], "\(text)")
        #expect(JSONPath.text(at: "a", in: root) == "1")
    }

    @Test(arguments: ["<html>", "cb(", "var x = ;", "alert(1); cb({})x"])
    func whatIsNotAnAnswerIsRefused(_ text: String) {
        #expect(JSONText.parse(text) == nil)
    }

    @Test func pathsEnterJSONInsideStringsAndTellBooleansFromNumbers() throws {
        let record = try #require(JSONText.parse(#"""
            {"ext": "{\"docurl\": \"https://e.cn/a.html\", \"stocks\": [\"sh600519\"]}", "paid": true, "type": 1, "zero": 0}
            """#))
        #expect(JSONPath.text(at: "ext.docurl", in: record) == "https://e.cn/a.html")
        #expect(JSONPath.text(at: "ext.stocks.0", in: record) == "sh600519")
        #expect(JSONPath.text(at: "paid", in: record) == "true")
        #expect(JSONPath.text(at: "type", in: record) == "1")
        #expect(JSONPath.number(at: "paid", in: record) == nil)
        #expect(JSONPath.number(at: "zero", in: record) == 0)
    }

    @Test func filtersTakeTheFlashHeadlineOrItsFirstSentence() {
        #expect(JSONRecord.apply(.bracket, to: "【央行开展逆回购】央行今日开展操作。") == "央行开展逆回购")
        #expect(JSONRecord.apply(.bracket, to: "央行今日【开展】操作。") == nil)
        #expect(JSONRecord.apply(.sentence, to: "<p>港股午间收涨1.2%。科技股普涨。</p>") == "港股午间收涨1.2%")
        #expect(JSONRecord.apply(.text, to: "<p>a <b>b</b></p>") == "a b")
    }

    @Test func timesAreSiteTimeEpochSecondsOrMilliseconds() throws {
        let zone = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let record = try #require(JSONText.parse(#"""
            {"s": 1748914200, "ms": 1748914200000, "text_s": "1748914200", "text_ms": "1748914200000",
             "local": "2025-06-03 09:30:00", "packed": "20250603093000"}
            """#))
        for path in ["s", "ms", "text_s", "text_ms", "local"] {
            #expect(JSONRecord.date(at: path, in: record, timeZone: zone)?.date.timeIntervalSince1970 == 1_748_914_200, "\(path)")
        }
        #expect(JSONRecord.date(at: "packed", in: record, timeZone: zone)?.date.timeIntervalSince1970 != 20_250_603_093.0)
    }

    @Test func skipConditionsCompareAsText() throws {
        var options = JSONSourceOptions()
        options.skip = [SkipCondition(path: "type", op: .equals, value: "1"),
                        SkipCondition(path: "resource.is_paid", op: .equals, value: "true"),
                        SkipCondition(path: "resource.uri", op: .contains, value: "/premium/")]
        var config = SourceConfig(id: "t", kind: .json, url: "https://e.cn/")
        config.json = options
        let source = JSONSource(config: config)
        func record(_ json: String) throws -> Any { try #require(JSONText.parse(json)) }
        #expect(source.skipped(try record(#"{"type": 1}"#)))
        #expect(!source.skipped(try record(#"{"type": 0}"#)))
        #expect(source.skipped(try record(#"{"resource": {"is_paid": true}}"#)))
        #expect(!source.skipped(try record(#"{"resource": {"is_paid": false, "uri": "https://e.cn/a/1"}}"#)))
        #expect(source.skipped(try record(#"{"resource": {"uri": "https://e.cn/premium/a/1"}}"#)))
    }
}
