import Foundation
import Model
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
