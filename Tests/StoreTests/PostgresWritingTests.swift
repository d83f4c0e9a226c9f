import Dedup
import Foundation
import GRDB
import Model
import Synchronization
@testable import Store
import Testing
import TestSupport

/// The PostgreSQL writer against the SQLite one (issue 16): the same writes, at the same times, leave the
/// same rows in every table of both archives: articles, revisions, the change log, stories and their
/// leads, band rows, refreshes, health and HTTP validators. Row ids that only name rows inside one
/// archive (rowid, row_id, the ids of revisions) are left out; change events are compared in log order.
@Suite struct PostgresWritingTests {
    let start = Date(timeIntervalSince1970: 1_700_000_000.25)
    let paragraphs = (1...6).map { "第\($0)部分：新能源汽车产业链上下游企业加快布局，电池材料价格回落，整车企业利润改善。" }
    /// The same text in Traditional script, as a Hong Kong outlet reprints it.
    let traditional = (1...6).map { "第\($0)部分：新能源汽車產業鏈上下游企業加快佈局，電池材料價格回落，整車企業利潤改善。" }

    struct Pair {
        let folder: TemporaryFolder
        let sqlite: Archive
        let postgres: PostgresArchive
        var both: [any ArchiveStore] { [sqlite, postgres] }
    }

    func makePair() throws -> Pair {
        let folder = try TemporaryFolder("pg-writing")
        let sqlite = try Archive(path: folder.path("a.sqlite"))
        let postgres = try PostgresArchive(PostgresLocation(url: try PostgresCluster.running().makeDatabase("writing")))
        return Pair(folder: folder, sqlite: sqlite, postgres: postgres)
    }

    func article(_ id: String, title: String? = nil, lines: [String]? = nil, minute: Int = 0, link: String? = nil,
                 categories: [Model.Category] = []) -> PreparedArticle {
        let text = (lines ?? paragraphs.map { "\(id)：\($0)" }).joined(separator: "\n")
        let published = ZonedDate(date: start.addingTimeInterval(Double(minute) * 60), utcOffset: 8 * 3600)
        return PreparedArticle(ArticleDraft(itemID: id, origin: "/\(id)", link: link ?? "https://example.cn/\(id)",
                                            title: title ?? "标题\(id)", published: published, outlet: "新华",
                                            categories: categories),
                               itemID: id, contentHTML: "<p>" + text.replacingOccurrences(of: "\n", with: "</p><p>") + "</p>",
                               contentText: text, fingerprint: Fingerprinter().fingerprint(text))
    }

    /// The writes of three refreshes: new articles, a reprint in Traditional script joining a story, an
    /// edit, a trivial edit, a removal from a complete listing, a restore, a duplicate item id, rechecked
    /// origins, a group that fails and is rolled back whole, and one that lands. Returns what each write
    /// answered, as text, to compare too.
    func writeEverything(to archive: any ArchiveStore) throws -> [String] {
        var answers: [String] = []
        let t0 = start, t1 = start.addingTimeInterval(900.5), t2 = start.addingTimeInterval(1800.75)
        let economy = Model.Category(slug: "economy", name: "经济")
        // A slug listed twice keeps its first name.
        let twice = [economy, Model.Category(slug: "economy", name: "财经"), Model.Category(slug: "markets", name: "市场")]

        let first = try archive.beginRefresh(trigger: .schedule, at: t0)
        answers.append("\(first)")
        var wire = SourceBatch(sourceID: "wire", kind: "files", title: "通讯社",
                               articles: [article("a1", minute: 10, categories: twice), article("a2", minute: 5),
                                          article("a3", lines: ["短讯：央行今日公布数据。"], minute: 7)],
                               completeListing: ["/a1", "/a2", "/a3"])
        wire.errors = ["/bad: no title"]
        answers.append("\(try archive.apply(wire, refreshID: first, at: t0))")
        // The Traditional reprint is published earlier: it becomes its story's lead.
        let reprint = article("hk1", title: "標題", lines: traditional.map { "a1：\($0)" }, minute: 2)
        answers.append("\(try archive.apply(SourceBatch(sourceID: "hk", kind: "api", articles: [reprint]), refreshID: first, at: t0))")
        // A third member, later: it joins without taking the lead.
        let third = article("m1", lines: paragraphs.map { "a1：\($0)" }, minute: 30)
        answers.append("\(try archive.apply(SourceBatch(sourceID: "mirror", kind: "rss", articles: [third]), refreshID: first, at: t0))")
        answers.append("\(try archive.recordAttempt(SourceAttempt(sourceID: "wire", at: t0, httpStatus: 200, error: nil)) { _ in t1 })")
        answers.append("\(try archive.recordAttempt(SourceAttempt(sourceID: "hk", at: t0, httpStatus: 503, error: "HTTP 503")) { t0.addingTimeInterval(Double($0) * 60) })")
        try archive.storeHTTPValidators(HTTPValidators(etag: "\"v1\"", lastModified: "Tue, 14 Nov 2023 22:13:20 GMT"),
                                        for: "https://example.cn/feed", at: t0)
        try archive.storeHTTPValidators(HTTPValidators(etag: "\"h1\"", lastModified: nil), for: "https://hk.example/api", at: t0)
        try archive.finishRefresh(first, outcomes: [], at: t0.addingTimeInterval(3))

        let second = try archive.beginRefresh(trigger: .manual, at: t1)
        // a1 edited (title and a paragraph), a2 gone from the complete listing, a3 the same, and a duplicate
        // item id in the batch.
        var edited = paragraphs.map { "a1：\($0)" }
        edited[2] = "a1：第3部分：补充报道，多家车企宣布降价。"
        var wire2 = SourceBatch(sourceID: "wire", kind: "files", title: "通讯社",
                                articles: [article("a1", title: "标题a1（更新）", lines: edited, minute: 10, categories: Array(twice.reversed())),
                                           article("a3", lines: ["短讯：央行今日公布数据。"], minute: 7),
                                           article("a3", lines: ["短讯：重复。"], minute: 7)],
                                completeListing: ["/a1", "/a3"], unchanged: .count(2))
        wire2.checkedOrigins = ["/a3"]
        answers.append("\(try archive.apply(wire2, refreshID: second, at: t1))")
        // The mirror's copy only changes its white space: a trivial revision.
        let trivial = article("m1", lines: paragraphs.map { "a1： \($0)" }, minute: 30)
        answers.append("\(try archive.apply(SourceBatch(sourceID: "mirror", kind: "rss", articles: [trivial]), refreshID: second, at: t1))")
        // The Hong Kong API answered 304: everything not read counts as unchanged.
        answers.append("\(try archive.apply(SourceBatch(sourceID: "hk", kind: "api", articles: [], unchanged: .allNotRead), refreshID: second, at: t1))")
        answers.append("\(try archive.recordAttempt(SourceAttempt(sourceID: "hk", at: t1, httpStatus: nil, error: "timed out")) { t1.addingTimeInterval(Double($0) * 60) })")
        try archive.storeHTTPValidators(nil, for: "https://hk.example/api", at: t1)
        // A group whose last write fails: none of it lands.
        struct Refused: Error {}
        do {
            _ = try archive.writeGroup { transaction in
                _ = try transaction.apply(SourceBatch(sourceID: "wire", kind: "files", articles: [article("lost", minute: 1)]),
                                          refreshID: second, at: t1)
                try transaction.recordAttempt(SourceAttempt(sourceID: "wire", at: t1, httpStatus: 500, error: "lost")) { _ in t2 }
                try transaction.storeHTTPValidators(HTTPValidators(etag: "\"lost\"", lastModified: nil), for: "https://example.cn/feed", at: t1)
                throw Refused()
            }
            Issue.record("the group's error was not thrown")
        } catch {
            #expect("\(error)".contains("Refused"), "the body's own error: \(error)")
            answers.append("group refused")
        }
        // A group whose statement fails (no such refresh): rolled back too.
        do {
            _ = try archive.writeGroup { transaction in
                _ = try transaction.apply(SourceBatch(sourceID: "wire", kind: "files", articles: [article("lost2", minute: 1)]),
                                          refreshID: second, at: t1)
                _ = try transaction.apply(SourceBatch(sourceID: "hk", kind: "api", articles: [article("lost3", minute: 1)]),
                                          refreshID: 999, at: t1)
            }
            Issue.record("a write that references no refresh was stored")
        } catch {
            answers.append("group failed")
        }
        try archive.finishRefresh(second, outcomes: [], at: t1.addingTimeInterval(2))

        let third3 = try archive.beginRefresh(trigger: .import, at: t2)
        // a2 listed again: restored; a group of two sources lands whole.
        let outcomes = try archive.writeGroup { transaction in
            let wire = try transaction.apply(
                SourceBatch(sourceID: "wire", kind: "files", title: "通讯社",
                            articles: [article("a2", minute: 5)], completeListing: ["/a1", "/a2", "/a3"], unchanged: .count(2)),
                refreshID: third3, at: t2)
            let extra = try transaction.apply(
                SourceBatch(sourceID: "desk", kind: "html", articles: [article("d1", lines: ["独家：某公司高管离职。"], minute: 40,
                                                                           categories: [Model.Category(slug: "desk", name: "独家")])],
                            errors: ["/d/2: no \"title\"", "/d/3: 无正文"]),
                refreshID: third3, at: t2)
            try transaction.recordAttempt(SourceAttempt(sourceID: "wire", at: t2, httpStatus: 200, error: nil)) { _ in t2.addingTimeInterval(900) }
            try transaction.storeHTTPValidators(HTTPValidators(etag: nil, lastModified: "Wed, 15 Nov 2023 00:00:00 GMT"),
                                                for: "https://example.cn/feed", at: t2)
            return [wire, extra]
        }
        answers += outcomes.map { "\($0)" }
        // The same source in two parts of one refresh: its totals add up.
        answers.append("\(try archive.apply(SourceBatch(sourceID: "desk", kind: "html", articles: [], unchanged: .count(1)), refreshID: third3, at: t2))")
        answers.append("\(try archive.apply(SourceBatch(sourceID: "desk", kind: "html", articles: [], errors: ["/d/9: 404"], failure: "HTTP 503"), refreshID: third3, at: t2))")
        answers.append("\(try archive.apply(SourceBatch(sourceID: "desk", kind: "html", articles: [], errors: ["/d/10: 404"], failure: "later"), refreshID: third3, at: t2))")
        try archive.finishRefresh(third3, outcomes: outcomes, at: t2.addingTimeInterval(1))

        // What the refresh reads back.
        answers.append("\(try archive.lastRefresh().map { "\($0)" } ?? "none")")
        answers.append("\(try archive.sourceHealth())")
        answers.append("\(try archive.sourceHealth("hk").map { "\($0)" } ?? "none")")
        answers.append("\(try archive.httpValidators(for: ["https://example.cn/feed", "https://hk.example/api", "https://none"]).sorted { $0.key < $1.key })")
        answers.append("\(try archive.originStamps(source: "wire").sorted { $0.key < $1.key })")
        let stored = try archive.storedOrigins(source: "wire")
        answers.append("\(stored.origins.sorted()) \(stored.articles)")
        answers.append("\(try archive.dueRechecks(source: "wire", schedule: [600, 3600], at: t2.addingTimeInterval(3000)).sorted())")
        return answers
    }

    @Test func theSameWritesLeaveTheSameRows() throws {
        let pair = try makePair()
        let sqliteAnswers = try writeEverything(to: pair.sqlite)
        let postgresAnswers = try writeEverything(to: pair.postgres)
        #expect(sqliteAnswers.count == postgresAnswers.count)
        for (index, (sqlite, postgres)) in zip(sqliteAnswers, postgresAnswers).enumerated() {
            #expect(sqlite == postgres, "answer \(index)")
        }
        let postgresTables = try TableDump.expectSameRows(pair)
        // What the writes must have done, so that two equally wrong archives do not pass.
        let events = postgresTables["change_events"] ?? []
        let kinds = events.map { $0[2] }
        #expect(kinds.filter { $0 == .text("merged") }.count == 2, "\(kinds)")
        #expect(kinds.contains(.text("removed")))
        #expect(events.contains { $0[2] == .text("updated") && $0[7] == .text("restored") }, "a2 restored")
        #expect(events.contains { $0[2] == .text("updated") && $0[7].description.contains("title changed") }, "a1 revised")
        let stories = postgresTables["stories"] ?? []
        #expect(stories.count == 1)
        #expect(stories.first?[2] == .text(Article.stableID(sourceID: "hk", itemID: "hk1")), "the Traditional reprint leads")
        #expect((postgresTables["revisions"] ?? []).count == 2)
        #expect(!(postgresTables["articles"] ?? []).contains { $0[1] == .text("lost") || $0[1] == .text("lost2") })
        #expect((postgresTables["http_cache"] ?? []).count == 1)
        #expect((postgresTables["article_categories"] ?? []).map { $0[2] } == [.text("独家"), .text("财经"), .text("市场")],
                "a new article's category, a1's after the edit")
        #expect(try pair.postgres.sourceHealth("wire")?.lastError == nil)
    }

    /// A seeded stream of refreshes over a few sources that reprint, edit, drop and list again each
    /// other's stories, in Simplified and Traditional script, with published times that tie and move the
    /// leads back and forth: both archives end with the same rows.
    @Test func aStreamOfReprintsEditsAndRemovalsEndsAlike() throws {
        let pair = try makePair()
        let topics = ["新能源汽车产业链上下游企业加快布局，电池材料价格回落，整车企业利润改善。",
                      "央行宣布下调存款准备金率零点五个百分点，释放长期资金约一万亿元，支持实体经济发展。",
                      "沪深两市成交额连续五个交易日突破万亿元，北向资金净流入，券商板块领涨。",
                      "多地出台楼市新政，放宽限购条件，降低首付比例，房地产市场预期逐步改善。"]
        let variants = ["记者从现场获悉，相关部门正在进一步核实情况。", "分析人士认为，后续政策仍有发力空间。",
                        "业内人士表示，市场信心正在逐步恢复。"]
        func text(topic: Int, variant: Int?, traditional: Bool) -> [String] {
            var lines = (1...6).map { "第\($0)段：" + topics[topic] }
            if let variant { lines[5] = variants[variant] }
            guard traditional, topic == 0 else { return lines }
            return lines.map {
                $0.replacingOccurrences(of: "汽车", with: "汽車").replacingOccurrences(of: "产业链", with: "產業鏈")
                    .replacingOccurrences(of: "业", with: "業").replacingOccurrences(of: "价格", with: "價格")
                    .replacingOccurrences(of: "润", with: "潤").replacingOccurrences(of: "电池", with: "電池")
            }
        }
        func run(_ archive: any ArchiveStore) throws -> [String] {
            var random = SplitMix64(seed: 1616)
            var answers: [String] = []
            for refresh in 0..<6 {
                let at = start.addingTimeInterval(Double(refresh) * 600)
                let id = try archive.beginRefresh(trigger: .schedule, at: at)
                var outcomes: [SourceOutcome] = []
                for source in 0..<5 {
                    let items = (0..<8).filter { _ in random.next() % 4 != 0 }
                    let articles = items.map { item -> PreparedArticle in
                        let topic = (item + source) % topics.count
                        let variant = random.next() % 3 == 0 ? Int(random.next() % 3) : nil
                        return article("s\(source)i\(item)", title: "题\(topic)-\(item)",
                                       lines: text(topic: topic, variant: variant, traditional: source == 4),
                                       minute: Int(random.next() % 5) - item)
                    }
                    let batch = SourceBatch(sourceID: "s\(source)", kind: "files", articles: articles,
                                            completeListing: Set(articles.compactMap(\.origin)))
                    let outcome = try archive.apply(batch, refreshID: id, at: at)
                    outcomes.append(outcome)
                    answers.append("\(outcome)")
                }
                try archive.finishRefresh(id, outcomes: outcomes, at: at.addingTimeInterval(5))
            }
            return answers
        }
        let sqliteAnswers = try run(pair.sqlite)
        #expect(try run(pair.postgres) == sqliteAnswers)
        let postgresTables = try TableDump.expectSameRows(pair)
        let kinds = (postgresTables["change_events"] ?? []).map { $0[2].description }
        #expect(kinds.filter { $0 == "merged" }.count >= 10, "reprints joined stories: \(kinds.count) events")
        #expect(kinds.contains("removed"))
        #expect((postgresTables["revisions"] ?? []).count >= 5)
        #expect((postgresTables["stories"] ?? []).count >= 2)
    }

    /// PostgreSQL's text cannot hold U+0000, which a JSON API can send (`\u0000`) and SQLite keeps: the
    /// article is stored with U+FFFD in its place rather than failing its source's whole batch, and the
    /// same version read again is still unchanged (its hash is the one made from what was sent).
    @Test func aNulCharacterDoesNotFailTheBatch() throws {
        let pair = try makePair()
        let sent = article("nul", title: "标题\u{0}尾", lines: ["正文\u{0}结束：" + paragraphs[0]])
        var failing = SourceBatch(sourceID: "api\u{0}", kind: "api", articles: [sent, article("plain")])
        failing.failure = nil
        let refresh = try pair.postgres.beginRefresh(trigger: .manual, at: start)
        let outcome = try pair.postgres.apply(failing, refreshID: refresh, at: start)
        #expect(outcome.new == 2)
        let stored = try #require(try pair.postgres.article(id: Article.stableID(sourceID: "api\u{0}", itemID: "nul")))
        #expect(stored.title == "标题\u{FFFD}尾")
        #expect(stored.contentText.hasPrefix("正文\u{FFFD}结束"))
        #expect(try pair.postgres.apply(failing, refreshID: refresh, at: start).unchanged == 2)
        try pair.postgres.recordAttempt(SourceAttempt(sourceID: "api", at: start, httpStatus: 500, error: "bad\u{0}body")) { _ in start }
        #expect(try pair.postgres.sourceHealth("api")?.lastError == "bad\u{FFFD}body")
    }

    /// A feed may send item ids, origins, links and URLs of any length (SQLite stores them all); a B-tree
    /// entry of PostgreSQL holds at most about 2,700 bytes, so long values must not be keys of one.
    @Test func longIdentifiersAreStored() throws {
        let pair = try makePair()
        var random = SplitMix64(seed: 7)
        func noise(_ count: Int) -> String {
            String((0..<count).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789".randomElement(using: &random) ?? "x" })
        }
        let long = noise(6000)
        let category = Model.Category(slug: "c-" + noise(20), name: "类" + noise(4000))
        var draft = ArticleDraft(itemID: "item-" + long, origin: "https://example.cn/" + long, link: "https://example.cn/" + long,
                                 title: "长", categories: [category])
        draft.imageURL = "https://example.cn/" + long
        let text = "正文：" + paragraphs.joined()
        let prepared = PreparedArticle(draft, itemID: "item-" + long, contentHTML: "<p>\(text)</p>", contentText: text,
                                       fingerprint: Fingerprinter().fingerprint(text))
        let url = "https://example.cn/feed?" + long
        for archive in pair.both {
            let refresh = try archive.beginRefresh(trigger: .manual, at: start)
            let batch = SourceBatch(sourceID: "long", kind: "api", articles: [prepared],
                                    completeListing: [prepared.origin ?? ""])
            #expect(try archive.apply(batch, refreshID: refresh, at: start).new == 1)
            var recheck = batch
            recheck.checkedOrigins = [prepared.origin ?? ""]
            #expect(try archive.apply(recheck, refreshID: refresh, at: start).unchanged == 1)
            try archive.storeHTTPValidators(HTTPValidators(etag: "\"" + long + "\"", lastModified: nil), for: url, at: start)
            #expect(try archive.httpValidators(for: [url])[url]?.etag?.count == long.count + 2)
            #expect(try archive.originStamps(source: "long").isEmpty)
            #expect(try archive.storedOrigins(source: "long").origins == [prepared.origin ?? ""])
        }
        _ = try TableDump.expectSameRows(pair)
    }

    /// Fetch workers on several machines record attempts of one source at once (here two archives, each
    /// with its own writer connection, as two processes have): no failure is lost between the read of
    /// the previous count and the write, also for a source seen for the first time.
    @Test func attemptsRecordedAtOnceAreAllCounted() throws {
        let url = try PostgresCluster.running().makeDatabase("health")
        let archives = try (0..<3).map { _ in try PostgresArchive(PostgresLocation(url: url)) }
        let rounds = 40
        let at = start
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: archives.count) { index in
            for round in 0..<rounds {
                do {
                    try archives[index].recordAttempt(SourceAttempt(sourceID: "shared", at: at, httpStatus: 500,
                                                                    error: "worker \(index) round \(round)")) { _ in at }
                    try archives[index].storeHTTPValidators(HTTPValidators(etag: "\"\(index)-\(round)\"", lastModified: nil),
                                                            for: "https://example.cn/shared", at: at)
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let health = try #require(try archives[0].sourceHealth("shared"))
        #expect(health.consecutiveFailures == archives.count * rounds)
        #expect(try archives[1].httpValidators(for: ["https://example.cn/shared"]).count == 1)
    }

    /// The candidate ranking as one PostgreSQL statement finds exactly what SQLite's band probes find, in
    /// the same order, with ties (equal counts) and bands deeper than the probe's depth.
    @Test func nearDuplicateCandidatesRankAlike() throws {
        let pair = try makePair()
        var random = SplitMix64(seed: 16)
        // 400 articles over a small key space, so bands overlap heavily and counts tie.
        let rows: [(article: Int64, keys: [Int64])] = (1...400).map { article in
            (Int64(article), (0..<32).map { band in Int64(band) << 32 | Int64(random.next() % 6) })
        }
        try pair.sqlite.fileBands(rows)
        try pair.postgres.fileBands(rows)
        var compared = 0
        for _ in 0..<40 {
            let keys = (0..<32).map { band in Int64(band) << 32 | Int64(random.next() % 8) }
            let lite = try pair.sqlite.nearDuplicateCandidates(for: keys)
            let pg = try pair.postgres.nearDuplicateCandidates(for: keys)
            #expect(lite == pg)
            compared += lite.count
        }
        #expect(compared > 40 * 8, "the probes found candidates")
    }
}

/// Every table of an archive as rows of typed values, in an order both backends give alike.
enum TableDump {
    enum Value: Equatable, CustomStringConvertible {
        case null, text(String), int(Int64), real(Double)
        var description: String {
            switch self {
            case .null: "NULL"
            case .text(let text): text
            case .int(let int): "\(int)"
            case .real(let real): "\(real)"
            }
        }
    }

    enum Kind { case text, int, real }

    struct Table {
        var name: String
        var columns: [(name: String, kind: Kind)]
        /// An ORDER BY that both databases apply alike (integers), or nil to sort the rows afterwards.
        var order: String?
        /// The FROM clause when it is not the table alone; `ROWID` stands for the article's row number.
        var from: String?
    }

    static let tables: [Table] = [
        Table(name: "sources", columns: [("id", .text), ("kind", .text), ("title", .text), ("first_seen", .real)]),
        Table(name: "articles", columns: [
            ("id", .text), ("item_id", .text), ("source_id", .text), ("origin", .text), ("link", .text), ("title", .text),
            ("published", .real), ("published_offset", .int), ("first_seen", .real), ("updated", .real),
            ("feed_time", .real), ("outlet", .text), ("author", .text), ("categories", .text), ("tags", .text),
            ("image_url", .text), ("content_html", .text), ("content_text", .text), ("content_hash", .text),
            ("version", .int), ("removed", .real), ("story_id", .text), ("origin_stamp", .text), ("story_lead", .int),
            ("last_checked", .real),
        ]),
        Table(name: "article_categories", columns: [("slug", .text), ("article_id", .text), ("name", .text), ("feed_time", .real)]),
        Table(name: "revisions", columns: [
            ("article_id", .text), ("version", .int), ("title", .text), ("link", .text), ("published", .real),
            ("published_offset", .int), ("outlet", .text), ("author", .text), ("content_html", .text),
            ("content_text", .text), ("content_hash", .text), ("replaced", .real), ("diff_summary", .text), ("trivial", .int),
        ]),
        Table(name: "refreshes", columns: [
            ("id", .int), ("trigger", .text), ("started", .real), ("finished", .real), ("new", .int), ("updated", .int),
            ("unchanged", .int), ("removed", .int), ("errors", .int),
        ], order: "id"),
        Table(name: "refresh_sources", columns: [
            ("refresh_id", .int), ("source_id", .text), ("new", .int), ("updated", .int), ("unchanged", .int),
            ("removed", .int), ("errors", .text), ("failure", .text),
        ]),
        Table(name: "change_events", columns: [
            ("refresh_id", .int), ("at", .real), ("kind", .text), ("article_id", .text), ("source_id", .text),
            ("title", .text), ("link", .text), ("detail", .text),
        ], order: "id"),
        Table(name: "stories", columns: [("id", .text), ("created", .real), ("lead", .text)]),
        Table(name: "dedup_bands", columns: [("key", .int), ("id", .text)],
              from: "dedup_bands JOIN articles ON ROWID = dedup_bands.article"),
        Table(name: "http_cache", columns: [("url", .text), ("etag", .text), ("last_modified", .text), ("stored", .real)]),
        Table(name: "source_health", columns: [
            ("source_id", .text), ("last_attempt", .real), ("last_success", .real), ("http_status", .int),
            ("last_error", .text), ("consecutive_failures", .int), ("next_attempt", .real),
        ]),
    ]

    /// Compares every table of the pair and names the first row that differs in each; returns
    /// PostgreSQL's tables for the caller's own checks.
    static func expectSameRows(_ pair: PostgresWritingTests.Pair,
                               sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: [[Value]]] {
        let sqliteTables = try sqlite(pair.folder.path("a.sqlite"))
        let postgresTables = try postgres(pair.postgres)
        for table in tables {
            let (lite, pg) = (sqliteTables[table.name] ?? [], postgresTables[table.name] ?? [])
            #expect(lite.count == pg.count, "\(table.name): \(lite.count) rows on SQLite, \(pg.count) on PostgreSQL",
                    sourceLocation: sourceLocation)
            if let row = lite.indices.first(where: { $0 < pg.count && lite[$0] != pg[$0] }) {
                let columns = table.columns.indices.filter { lite[row][$0] != pg[row][$0] }.map { table.columns[$0].name }
                Issue.record("\(table.name) row \(row) differs in \(columns): SQLite \(lite[row]), PostgreSQL \(pg[row])",
                             sourceLocation: sourceLocation)
            }
        }
        return postgresTables
    }

    static func sql(_ table: Table, rowID: String) -> String {
        let from = (table.from ?? table.name).replacingOccurrences(of: "ROWID", with: rowID)
        return "SELECT \(table.columns.map(\.name).joined(separator: ", ")) FROM \(from)"
            + (table.order.map { " ORDER BY \($0)" } ?? "")
    }

    static func sorted(_ rows: [[Value]], _ table: Table) -> [[Value]] {
        table.order != nil ? rows : rows.sorted { $0.map(\.description).lexicographicallyPrecedes($1.map(\.description)) }
    }

    static func sqlite(_ path: URL) throws -> [String: [[Value]]] {
        let queue = try DatabaseQueue(path: path.path)
        return try queue.read { db in
            var dump: [String: [[Value]]] = [:]
            for table in tables {
                let rows = try Row.fetchAll(db, sql: sql(table, rowID: "articles.rowid")).map { row in
                    table.columns.indices.map { index -> Value in
                        if row.hasNull(atIndex: index) { return .null }
                        switch table.columns[index].kind {
                        case .text: return .text(row[index])
                        case .int: return .int(row[index])
                        case .real: return .real(row[index])
                        }
                    }
                }
                dump[table.name] = sorted(rows, table)
            }
            return dump
        }
    }

    static func postgres(_ archive: PostgresArchive) throws -> [String: [[Value]]] {
        let session = try PostgresSession(archive.server)
        var dump: [String: [[Value]]] = [:]
        for table in tables {
            let rows = try session.query(sql(table, rowID: "articles.row_id")).map { row in
                let fields = row.fields
                return try table.columns.map { column -> Value in
                    switch column.kind {
                    case .text: return try fields.optionalString(column.name).map(Value.text) ?? .null
                    case .int: return try fields.optional(column.name, as: Int64.self).map(Value.int) ?? .null
                    case .real: return try fields.optionalDouble(column.name).map(Value.real) ?? .null
                    }
                }
            }
            dump[table.name] = sorted(rows, table)
        }
        return dump
    }
}
