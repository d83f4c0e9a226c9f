import Foundation
@testable import Model
import Testing

private let shanghai = TimeZone(identifier: "Asia/Shanghai")!

@Suite struct ZonedDateTests {
    @Test(arguments: [
        ("2021-12-23 13:43:05 +0800", "2021-12-23T13:43:05+08:00"),
        ("2021-12-23T13:43:05+08:00", "2021-12-23T13:43:05+08:00"),
        ("2021-12-23T05:43:05Z", "2021-12-23T05:43:05Z"),
        ("2021-12-23 13:43", "2021-12-23T13:43:00+08:00"),
        ("2021-12-23", "2021-12-23T00:00:00+08:00"),
        ("Fri, 09 Apr 2021 18:10:00 GMT", "2021-04-09T18:10:00Z"),
        ("09 Apr 2021 18:10 +0800", "2021-04-09T18:10:00+08:00"),
        ("2021-04-09T18:10:00.123-05:00", "2021-04-09T18:10:00-05:00"),
    ])
    func parsesFrontMatterAndFeedDates(input: String, expected: String) throws {
        let date = try #require(ZonedDate.parse(input, defaultZone: shanghai))
        #expect(date.rfc3339 == expected)
    }

    @Test(arguments: ["", "yesterday", "2021-13-01", "2021-02-30 10:00", "Fri, 32 Foo 2021"])
    func rejectsWhatIsNotADate(input: String) {
        #expect(ZonedDate.parse(input, defaultZone: shanghai) == nil)
    }

    @Test func formatsRFC822KeepingTheOffset() throws {
        let date = try #require(ZonedDate.parse("2021-12-23 13:43:05 +0800", defaultZone: shanghai))
        #expect(date.rfc822 == "Thu, 23 Dec 2021 13:43:05 +0800")
    }

    @Test func slugsArePinyinOfChineseNames() {
        #expect(Slug.make("南京晨报") == "nanjingchenbao")
        #expect(Slug.make("证券时报网") == "zhengquanshibaowang")
        #expect(Slug.make("Market News") == "market-news")
    }
}

/// The writers format dates by hand (civil-from-days); every field must be what Foundation's Gregorian
/// calendar says, across the writable years, both sides of midnight and every kind of offset.
@Suite struct ZonedDateFieldTests {
    @Test func handFormattedFieldsAreFoundations() {
        var state: UInt64 = 0x5EED
        func next(_ bound: UInt64) -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 11) % bound
        }
        let low = ZonedDate.gregorianStart, high = ZonedDate.instantRange.upperBound
        let offsets = [0, 8 * 3600, -5 * 3600, 5 * 3600 + 45 * 60, -(9 * 3600 + 30 * 60), 14 * 3600, -12 * 3600, 18 * 3600]
        var instants: [TimeInterval] = [0, -1, -0.5, 86_399.9, 951_782_400, 4_107_542_400, low, high, 1_640_238_185]
        for _ in 0..<3000 { instants.append(low + Double(next(UInt64(high - low))) + Double(next(1000)) / 1000) }
        for instant in instants {
            for offset in offsets {
                let date = ZonedDate(date: Date(timeIntervalSince1970: instant), utcOffset: offset)
                #expect(date.fields == date.foundationFields, "\(instant) at \(offset)")
            }
        }
    }

    @Test func beforeTheGregorianCalendarFoundationStillDecides() {
        let date = ZonedDate(date: Date(timeIntervalSince1970: -62_000_000_000), utcOffset: 0)
        #expect(date.fields == date.foundationFields)
        #expect(date.rfc3339.hasPrefix("0005-"))
    }
}
