import Foundation
import Model
import Testing

private let shanghai = TimeZone(identifier: "Asia/Shanghai")!

/// Dates from strangers: an offset no zone has used to trap (`TimeZone(secondsFromGMT:)!`) or to be
/// published as `+100:39`. The parsers cannot produce such a date; the writers never print one.
@Suite struct HostileDateTests {
    @Test(arguments: [
        "Fri, 09 Apr 2021 18:10:00 +9999", "Fri, 09 Apr 2021 18:10:00 -1900", "Fri, 09 Apr 2021 18:10:00 +0860",
        "Fri, 09 Apr 2021 18:10:00 +1-00", "2021-12-23 13:43:05 +9999", "2021-12-23T13:43:05+99:99",
        "2021-12-23T13:43:05-19:00", "2021-12-23T13:43:05+08:75", "Fri, 09 Apr 99999999999999 18:10:00 GMT",
        "Fri, 31 Apr 2021 10:00:00 GMT", "Fri, 09 Apr 2021 25:00:00 GMT", "Fri, 09 Apr 2021 10:61:00 GMT",
        "Fri, 09 Apr 2021 10:00:00:00 GMT", "0000-01-01T00:00:00Z",
    ])
    func impossibleDatesAreNotDates(input: String) {
        #expect(ZonedDate.parse(input, defaultZone: shanghai) == nil)
    }

    @Test(arguments: [
        ("Fri, 09 Apr 2021 18:10:00 +1800", "2021-04-09T18:10:00+18:00"),
        ("2021-12-23T13:43:05-18:00", "2021-12-23T13:43:05-18:00"),
        ("2021-12-23T13:43:05+05:45", "2021-12-23T13:43:05+05:45"),
        ("9999-12-30T00:00:00Z", "9999-12-30T00:00:00Z"),
        // A four-digit year is that year, not RFC 822's two-digit window (found by the dates harness).
        ("Tue, 01 Jan 0004 00:00:00 +1400", "0004-01-01T00:00:00+14:00"),
        ("Tue, 01 Jan 04 00:00:00 +0000", "2004-01-01T00:00:00Z"),
    ])
    func theWidestRealOffsetsAndYearsStillRead(input: String, expected: String) throws {
        #expect(try #require(ZonedDate.parse(input, defaultZone: shanghai)).rfc3339 == expected)
    }

    /// A row stored before this check (or any hand-built value) still prints in valid form: the same
    /// instant in UTC.
    @Test func aStoredImpossibleOffsetPrintsAsUTC() {
        let date = ZonedDate(date: Date(timeIntervalSince1970: 1_640_238_185), utcOffset: 99 * 3600 + 99 * 60)
        #expect(date.rfc3339 == "2021-12-23T05:43:05Z")
        #expect(date.rfc822 == "Thu, 23 Dec 2021 05:43:05 +0000")
        #expect(ZonedDate(validating: date.date, utcOffset: date.utcOffset) == nil)
        let far = ZonedDate(date: Date(timeIntervalSince1970: 1e15), utcOffset: 0)
        #expect(far.rfc3339.hasPrefix("9999-12-"))
    }
}

/// IMF-fixdate comes from clients (If-Modified-Since) and servers (Retry-After): a year or hour too wide
/// for `tm`'s Int32 used to trap the reader.
@Suite struct HostileHTTPDateTests {
    @Test(arguments: [
        "Fri, 09 Apr 99999999999999 18:10:00 GMT", "Fri, 09 Apr 2021 99999999999999:10:00 GMT",
        "Fri, 99999999999 Apr 2021 18:10:00 GMT", "Fri, 09 Apr 2021 18:10:99999999999 GMT", "Fri, 09 Apr 2021 18::00 GMT",
    ])
    func wideFieldsAreNotDates(text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }

    @Test func aRealDateStillReads() {
        #expect(HTTPDate.parse("Fri, 09 Apr 2021 18:10:00 GMT") == 1_617_991_800)
    }
}
