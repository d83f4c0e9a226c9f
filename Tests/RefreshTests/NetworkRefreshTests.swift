import Config
import Foundation
import Model
import Refresh
import Store
import TestSupport
import Testing

/// Network sources through the real refresh: libcurl against `Tests/Fixtures/fetch/server.py` on
/// 127.0.0.1, a real archive, real publishing. Timeouts are short so the faults end in seconds.
@Suite(.localServer) struct NetworkRefreshTests {
    /// A temporary installation whose sources point at the running server.
    struct Installation {
        let folder: TemporaryFolder
        let config: FinewsConfig
        let archive: Archive

        init(sources: String) throws {
            folder = try TemporaryFolder("network")
            try folder.write("finews.yaml", """
                database: var/finews.sqlite
                output: public
                http:
                  connect_timeout: 1s
                  timeout: 1500ms
                  low_speed_time: 1s
                  attempts: 2
                  retry_delay: 50ms
                  max_retry_after: 1s
                  max_body: 256KiB
                  per_host_concurrency: 32
                  min_host_interval: 0
                sources:
                \(sources)
                """)
            config = try FinewsConfig.load(from: folder.path("finews.yaml"))
            archive = try Archive(path: config.database)
        }

        func refresh() async throws -> RefreshReport {
            try await Refresher(config: config, archive: archive).run(trigger: .manual)
        }

        func titles(_ source: String) throws -> [String] {
            try archive.latestArticles(.source(source), limit: 100).map(\.title).sorted()
        }
    }

    static func feed(_ id: String, _ path: String) throws -> String {
        "  - {id: \(id), kind: feed, url: \"\(try server().url(path))\"}"
    }

    static func html(_ id: String, _ path: String) throws -> String {
        "  - {id: \(id), kind: html, url: \"\(try server().url(path))\"}"
    }

    static func api(_ id: String, token: String) throws -> String {
        """
          - id: \(id)
            kind: json
            url: "\(try server().url("/api/list?t=\(token)"))"
            records: data.list
            fields: {id: infoCode, title: title, published: showtime, outlet: medianame}
            detail_url: "\(try server().url("/api/detail?t=\(token)&infoCode={id}"))"
            detail_body: data.content
            link_template: "http://finews.example/html_News/NewsShare.html?infoCode={id}"
        """
    }

    /// Each fault's source, and what its failure must say.
    static let faults: [(id: String, path: String, says: String)] = [
        ("not-found", "/status/404", "HTTP 404"),
        ("server-error", "/status/500", "HTTP 500"),
        ("throttled", "/status/429?after=3600", "HTTP 429"),
        ("unavailable", "/status/503", "HTTP 503"),
        ("no-first-byte", "/stall?secs=4", "timed out"),
        ("trickled", "/trickle?gap=0.3", "timed out"),
        ("reset", "/reset", "/reset"),
        ("redirect-loop", "/loop/", "more than 5 redirects"),
        ("too-big", "/big?size=1048576", "over 262144 bytes"),
        ("gzip-bomb", "/bomb", "over 262144 bytes"),
        ("wrong-type", "/feed/wrong-type", "served as image/png"),
    ]

    @Test func everyFaultFailsItsOwnSourceWhileTheOthersOfTheRefreshSucceed() async throws {
        let t = token()
        let good = [
            try Self.feed("plain", "/conditional?t=\(t)"),
            try Self.feed("gb2312-rss", "/fixture/rss-gb2312.xml?type=application/rss%2Bxml"),
            try Self.feed("bare-ampersand", "/feed/bare-amp"),
            try Self.html("site", "/site/utf8/list.html?t=\(t)"),
            try Self.html("gbk-site", "/site/gbk/list.html?t=\(t)"),
            try Self.html("big5-site", "/site/big5/list.html?t=\(t)"),
            try Self.api("api", token: t),
        ]
        let bad = try Self.faults.map { try Self.feed($0.id, $0.path) }
        let installation = try Installation(sources: (good + bad).joined(separator: "\n"))
        let started = Date()
        let report = try await installation.refresh()
        let outcomes = Dictionary(uniqueKeysWithValues: report.outcomes.map { ($0.sourceID, $0) })

        for fault in Self.faults {
            let outcome = try #require(outcomes[fault.id])
            #expect(outcome.failure?.contains(fault.says) == true, "\(fault.id): \(outcome.failure ?? "no failure")")
            #expect(outcome.new == 0)
        }
        for id in ["plain", "gb2312-rss", "bare-ampersand", "site", "gbk-site", "big5-site", "api"] {
            let outcome = try #require(outcomes[id])
            #expect(outcome.failure == nil && outcome.errors.isEmpty, "\(id): \(outcome.failure ?? "") \(outcome.errors)")
            #expect(outcome.new > 0, "\(id)")
        }
        // The legacy charsets arrive as the text they were written in.
        #expect(try installation.titles("gb2312-rss").contains("央行开展逆回购操作"))
        #expect(try installation.titles("bare-ampersand") == ["沪深300 & 创业板"])
        #expect(try installation.titles("gbk-site") == ["央行开展1000亿元逆回购操作 维护银行体系流动性合理充裕",
                                                        "沪深两市成交额突破万亿元 科技板块领涨"])
        #expect(try installation.titles("big5-site") == ["外資買超新臺幣百億元 台股收漲逾百點"])
        var replacementCharacters = 0
        try installation.archive.forEachArticle { article in
            if (article.title + article.contentText).contains("\u{FFFD}") { replacementCharacters += 1 }
        }
        #expect(replacementCharacters == 0)
        // The list page's navigation, footer and other sites' links are not articles.
        #expect(try installation.titles("site").count == 2)

        // 429 with a Retry-After beyond what a refresh waits: the source's next attempt honours it.
        let throttled = try #require(try installation.archive.sourceHealth("throttled"))
        #expect(throttled.httpStatus == 429)
        #expect(throttled.nextAttempt >= started.addingTimeInterval(3500))
        #expect(try installation.archive.sourceHealth("site")?.lastError == nil)
    }

    @Test func theSecondRefreshIsConditionalGetsA304AndChangesNothing() async throws {
        let t = token()
        let installation = try Installation(sources: try Self.feed("conditional", "/conditional?t=\(t)"))
        let first = try await installation.refresh()
        #expect(first.outcomes.first?.new == 1)
        let events = try installation.archive.changes().count
        let second = try await installation.refresh()
        let outcome = try #require(second.outcomes.first)
        #expect(outcome.new == 0 && outcome.updated == 0 && outcome.removed == 0 && !outcome.hasErrors)
        #expect(outcome.unchanged == 1)
        #expect(second.publishedFiles.isEmpty)
        #expect(try installation.archive.changes().count == events)

        let requests = try await server().requests(token: t)
        #expect(requests.count == 2)
        #expect(requests.first?.header("If-None-Match") == nil)
        #expect(requests.last?.header("If-None-Match") == "\"v1-finews\"")
        #expect(requests.last?.header("If-Modified-Since") == "Tue, 03 Jun 2025 01:30:00 GMT")
        #expect(try installation.archive.sourceHealth("conditional")?.httpStatus == 304)
    }

    @Test func storedArticlePagesAndDetailsAreNotFetchedAgain() async throws {
        let t = token()
        let installation = try Installation(sources: [try Self.html("site", "/site/utf8/list.html?t=\(t)"),
                                                      try Self.api("api", token: t)].joined(separator: "\n"))
        _ = try await installation.refresh()
        let second = try await installation.refresh()
        for outcome in second.outcomes {
            #expect(outcome.new == 0 && outcome.updated == 0 && !outcome.hasErrors, "\(outcome)")
            #expect(outcome.unchanged == 2, "\(outcome.sourceID)")
        }
        let paths = try await server().requests(token: t).map(\.path)
        #expect(paths.filter { $0 == "/site/utf8/list.html" }.count == 2)
        #expect(paths.filter { $0.hasPrefix("/site/utf8/news/") }.count == 2)
        #expect(paths.filter { $0 == "/api/list" }.count == 2)
        #expect(paths.filter { $0 == "/api/detail" }.count == 2)

        let article = try #require(try installation.archive.latestArticles(.source("api"), limit: 10)
            .first { $0.itemID == "NW202506030001" })
        #expect(article.outlet == "证券时报")
        #expect(article.published?.rfc3339 == "2025-06-03T09:30:00+08:00")
        #expect(article.link == "http://finews.example/html_News/NewsShare.html?infoCode=NW202506030001")
        #expect(article.contentText.contains("中标利率为1.40%"))
        let page = try #require(try installation.archive.latestArticles(.source("site"), limit: 10)
            .first { $0.title.hasPrefix("沪深两市") })
        #expect(page.outlet == "上海证券报")
        #expect(page.published?.rfc3339 == "2025-06-03T15:05:00+08:00")
        #expect(page.contentText.contains("北向资金全天净买入超过50亿元"))
        #expect(!page.contentText.contains("版权所有"))
    }

    /// A feed declared UTF-8 with six damaged bytes (Tests/Fixtures/decode/rss-utf8-six-damaged-bytes.xml)
    /// is read with those bytes dropped: all six items are stored, no U+FFFD reaches them, the source
    /// does not fail, and the refresh warns where bytes were lost.
    @Test func aFeedWithSixDamagedBytesIsReadEndToEnd() async throws {
        let installation = try Installation(sources: try Self.feed(
            "damaged", "/fixture/rss-utf8-six-damaged-bytes.xml?type=application/rss%2Bxml;%20charset=utf-8"))
        let report = try await installation.refresh()
        let outcome = try #require(report.outcomes.first)
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        #expect(outcome.new == 6, "\(outcome)")
        #expect(outcome.errors.isEmpty, "\(outcome.errors)")
        #expect(outcome.warnings.count == 1, "\(outcome.warnings)")
        #expect(outcome.warnings.first?.contains("6 damaged bytes dropped") == true, "\(outcome.warnings)")
        #expect(outcome.warnings.first?.contains("rss-utf8-six-damaged-bytes.xml") == true, "\(outcome.warnings)")
        let articles = try installation.archive.latestArticles(.source("damaged"), limit: 100)
        #expect(articles.count == 6)
        #expect(!articles.contains { $0.contentHTML.contains("\u{FFFD}") || $0.title.contains("\u{FFFD}") })
    }

    @Test func aSourceThatStopsListingItemsIsFailingAndKeepsWhatItHad() async throws {
        let t = token()
        let installation = try Installation(sources: try Self.feed("vanishing", "/vanishing?t=\(t)"))
        let first = try await installation.refresh()
        #expect(first.outcomes.first?.new == 2)
        let second = try await installation.refresh()
        #expect(second.outcomes.first?.failure?.contains("no items") == true)
        #expect(second.outcomes.first?.removed == 0)
        #expect(try installation.archive.latestArticles(.source("vanishing"), limit: 10).count == 2)
        let health = try #require(try installation.archive.sourceHealth("vanishing"))
        #expect(health.consecutiveFailures == 1)
        #expect(health.lastSuccess != nil)
    }

    @Test func finewsSourcesShowsHealthAndBackoffGrows() async throws {
        let installation = try Installation(sources: [try Self.feed("good", "/feed/bare-amp"),
                                                      try Self.feed("gone", "/status/404")].joined(separator: "\n"))
        let finews = CommandRunner()
        let configPath = installation.folder.path("finews.yaml").path
        #expect(try finews.run(["refresh", "--config", configPath]).status == 1)
        let firstBackoff = try #require(try installation.archive.sourceHealth("gone")).nextAttempt
        _ = try finews.run(["refresh", "--config", configPath])
        let result = try finews.run(["sources", "--config", configPath, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try result.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let byID = Dictionary(uniqueKeysWithValues: lines.map { ($0["id"] as? String ?? "", $0) })
        let good = try #require(byID["good"])
        #expect(good["http_status"] as? Int == 200)
        #expect(good["last_error"] is NSNull)
        #expect(good["consecutive_failures"] as? Int == 0)
        #expect(good["last_success"] is String)
        let gone = try #require(byID["gone"])
        #expect(gone["http_status"] as? Int == 404)
        #expect((gone["last_error"] as? String)?.contains("HTTP 404") == true)
        #expect(gone["consecutive_failures"] as? Int == 2)
        #expect(gone["last_success"] is NSNull)
        #expect(try #require(try installation.archive.sourceHealth("gone")).nextAttempt > firstBackoff)
        #expect(Set(lines[0].keys) == ["id", "kind", "enabled", "url", "last_attempt", "last_success", "http_status",
                                       "last_error", "consecutive_failures", "next_attempt"])
    }
}
