import Adapters
import Foundation
import Model
import Testing
import TestSupport

/// Feeds written by strangers: one bad item costs only itself, a bomb is an error, never silence.
@Suite struct HostileFeedTests {
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    @Test func aWronglyTypedJSONFeedItemCostsOnlyItself() throws {
        let text = try String(contentsOf: Fixtures.url("fuzz/feed/jsonfeed-wrongly-typed-item.json"), encoding: .utf8)
        let feed = try FeedParser.parse(text, url: "https://example.com/feed.json", timeZone: shanghai)
        #expect(feed.items.map(\.title) == ["good"])
        #expect(feed.itemProblems.count == 1)
        #expect(feed.itemProblems.first?.contains("item 1") == true, "\(feed.itemProblems)")
        #expect(feed.itemProblems.first?.contains("id") == true, "\(feed.itemProblems)")
        // Its offset (+99:99) is no date: the item stays, undated.
        #expect(feed.items.first?.published == nil)
    }

    @Test func aJSONFeedWhoseItemsAreNotAListIsUnreadable() {
        #expect(throws: FeedError.self) {
            try FeedParser.parse(#"{"version":"https://jsonfeed.org/version/1.1","items":{"id":"1"}}"#,
                                 url: "https://example.com/feed.json", timeZone: shanghai)
        }
    }

    @Test func anEntityBombIsASourceErrorNotAnEmptyFeed() throws {
        let text = try String(contentsOf: Fixtures.url("fuzz/feed/entity-bomb.xml"), encoding: .utf8)
        do {
            let feed = try FeedParser.parse(text, url: "https://example.com/bomb.xml", timeZone: shanghai)
            Issue.record("parsed as a feed of \(feed.items.count) items")
        } catch {
            #expect(error.description.contains("entit"), "\(error)")
        }
    }

    @Test func impossibleOffsetsLeaveTheItemUndatedAndTheOthersStand() throws {
        let text = try String(contentsOf: Fixtures.url("fuzz/feed/rss-pubdate-offset-plus-9999.xml"), encoding: .utf8)
        let feed = try FeedParser.parse(text, url: "https://example.com/feed.xml", timeZone: shanghai)
        #expect(feed.items.count == 2)
        #expect(feed.items.allSatisfy { $0.published == nil })
        #expect(feed.items.compactMap(\.unparsedDate).count == 2)
    }
}
