import Dedup
import Foundation
import GRDB
import Model
@testable import Store
import TestSupport
import Testing

/// Full-text search on a real archive: Chinese two-character words, both scripts, the query syntax,
/// ranking, and an index that follows edits.
@Suite struct SearchTests {
    let folder: TemporaryFolder
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    init() throws {
        folder = try TemporaryFolder("search")
    }

    func draft(_ id: String, title: String, text: String, outlet: String? = nil, published: Date? = nil) -> PreparedArticle {
        var draft = ArticleDraft(itemID: id, title: title)
        draft.outlet = outlet
        draft.published = published.map { ZonedDate(date: $0, utcOffset: 8 * 3600) }
        return PreparedArticle(draft, itemID: id, contentHTML: "<p>\(text)</p>", contentText: text,
                               fingerprint: Fingerprinter().fingerprint(text))
    }

    func archive(_ drafts: [PreparedArticle], source: String = "s", on backend: StoreBackend = .sqlite) throws -> any ArchiveStore {
        let archive = try backend.makeArchive(in: folder, name: "a")
        try add(drafts, to: archive, source: source)
        return archive
    }

    func add(_ drafts: [PreparedArticle], to archive: any ArchiveStore, source: String = "s", at time: Date? = nil) throws {
        let refresh = try archive.beginRefresh(trigger: .manual, at: time ?? now)
        _ = try archive.apply(SourceBatch(sourceID: source, kind: "files", articles: drafts), refreshID: refresh, at: time ?? now)
    }

    func titles(_ archive: any ArchiveStore, _ query: String) throws -> [String] {
        try archive.search(SearchQuery(parsing: query)).map(\.article.title)
    }

    @Test(arguments: StoreBackend.allCases)
    func findsATwoCharacterWordAndNotItsNeighbours(_ backend: StoreBackend) throws {
        let archive = try archive([
            draft("1", title: "甲", text: "多家银行下调存款利率。"),
            draft("2", title: "乙", text: "基金公司发布季报。"),
            draft("3", title: "丙", text: "银杏叶落，行人匆匆。"),
        ], on: backend)
        #expect(try titles(archive, "银行") == ["甲"])
        #expect(try titles(archive, "基金") == ["乙"])
        #expect(try titles(archive, "存款利率") == ["甲"])
        #expect(try titles(archive, "保险").isEmpty)
    }

    @Test(arguments: StoreBackend.allCases)
    func simplifiedFindsTraditionalAndTheOtherWayRound(_ backend: StoreBackend) throws {
        let archive = try archive([
            draft("1", title: "繁", text: "香港銀行業公佈業績，證券市場反應熱烈。"),
            draft("2", title: "简", text: "内地证券公司业绩增长。"),
        ], on: backend)
        #expect(try titles(archive, "银行") == ["繁"])
        #expect(Set(try titles(archive, "證券")) == ["繁", "简"])
        #expect(try titles(archive, "证券公司") == ["简"])
    }

    @Test(arguments: StoreBackend.allCases)
    func wordsAreAndedPhrasesAreConsecutiveAndMinusExcludes(_ backend: StoreBackend) throws {
        let archive = try archive([
            draft("1", title: "一", text: "中国人民银行宣布降准。"),
            draft("2", title: "二", text: "人民日报报道，商业银行利润增长。"),
            draft("3", title: "三", text: "商业银行 GDP growth 数据。"),
        ], on: backend)
        #expect(Set(try titles(archive, "人民 银行")) == ["一", "二"])
        #expect(try titles(archive, "\"人民银行\"") == ["一"])
        #expect(try titles(archive, "人民银行") == ["一"])
        #expect(try titles(archive, "银行 -人民") == ["三"])
        #expect(try titles(archive, "\"gdp growth\"") == ["三"])
        #expect(try titles(archive, "\"growth gdp\"").isEmpty)
        #expect(try titles(archive, "GDP") == ["三"])
    }

    @Test(arguments: StoreBackend.allCases)
    func aSingleCharacterIsFoundAnywhereInARun(_ backend: StoreBackend) throws {
        let archive = try archive([draft("1", title: "一", text: "股市大涨"), draft("2", title: "二", text: "债券")], on: backend)
        #expect(try titles(archive, "涨") == ["一"])
        #expect(try titles(archive, "股") == ["一"])
        #expect(try titles(archive, "券") == ["二"])
    }

    @Test func documentsAreBigramsWordsAndTails() {
        #expect(SearchText.document("中國人民銀行，ＧＤＰ 增长 年 2024年") == SearchText.Document(
            tokens: "中国 国人 人民 民银 银行 gdp 增长 年 2024 年", tails: "行 长"))
        #expect(SearchText.document("，。") == SearchText.Document(tokens: "", tails: ""))
    }

    @Test(arguments: StoreBackend.allCases)
    func aLoneCharacterBesideOtherLettersMustFollowThem(_ backend: StoreBackend) throws {
        let archive = try archive([
            draft("1", title: "一", text: "2024年报发布。"),
            draft("2", title: "二", text: "截至2024年3月底。"),
            draft("3", title: "三", text: "2024 中期数据，明年再议。"),
            draft("4", title: "四", text: "A股大涨，港股持平。"),
            draft("5", title: "五", text: "股东大会通过 A 类议案。"),
        ], on: backend)
        #expect(Set(try titles(archive, "2024年")) == ["一", "二"])
        #expect(try titles(archive, "a股") == ["四"])
        #expect(try titles(archive, "2024年 -月") == ["一"])
        let second = try archive.search(SearchQuery(parsing: "2024年"), limit: 1, offset: 1)
        #expect(second.count == 1)
        #expect(try archive.search(SearchQuery(parsing: "2024年"), limit: 1, offset: 2).isEmpty)
        // A lone character alone is still a prefix of bigrams, found anywhere.
        #expect(Set(try titles(archive, "年")) == ["一", "二", "三"])
    }

    @Test(arguments: StoreBackend.allCases)
    func sourceAndOutletFilter(_ backend: StoreBackend) throws {
        let archive = try backend.makeArchive(in: folder)
        try add([draft("1", title: "新华", text: "银行业绩", outlet: "新华社")], to: archive, source: "xinhua")
        try add([draft("1", title: "中新", text: "银行业绩", outlet: "中国新闻网")], to: archive, source: "chinanews")
        #expect(try titles(archive, "银行 source:xinhua") == ["新华"])
        #expect(try titles(archive, "银行 outlet:中国新闻网") == ["中新"])
        #expect(try titles(archive, "银行 outlet:\"中国新闻网\"") == ["中新"])
        #expect(try titles(archive, "银行 source:nobody").isEmpty)
    }

    @Test(arguments: StoreBackend.allCases)
    func titlesOutrankBodiesAndNewerWinsTies(_ backend: StoreBackend) throws {
        let archive = try archive([
            draft("old", title: "市场综述甲", text: "今日基金净值上涨。", published: now.addingTimeInterval(-7200)),
            draft("new", title: "市场综述乙", text: "今日基金净值上涨。", published: now.addingTimeInterval(-3600)),
            draft("title", title: "基金净值创新高", text: "今日市场平稳。", published: now.addingTimeInterval(-86400)),
        ], on: backend)
        let results = try archive.search(SearchQuery(parsing: "基金净值"))
        #expect(results.map(\.article.itemID) == ["title", "new", "old"])
    }

    @Test(arguments: StoreBackend.allCases)
    func anEditMovesTheArticleInTheIndex(_ backend: StoreBackend) throws {
        let archive = try archive([draft("1", title: "公告", text: "公司宣布回购股份。")], on: backend)
        #expect(try titles(archive, "回购") == ["公告"])
        try add([draft("1", title: "公告（更新）", text: "公司宣布增持股份。")], to: archive, at: now.addingTimeInterval(60))
        #expect(try titles(archive, "回购").isEmpty)
        #expect(try titles(archive, "增持") == ["公告（更新）"])
        #expect(try titles(archive, "更新") == ["公告（更新）"])
    }

    @Test(arguments: StoreBackend.allCases)
    func removedArticlesAreNotFound(_ backend: StoreBackend) throws {
        let archive = try backend.makeArchive(in: folder)
        var batch = SourceBatch(sourceID: "s", kind: "files", articles: [draft("1", title: "甲", text: "银行")])
        batch.articles[0].origin = "a.md"
        batch.completeListing = ["a.md"]
        _ = try archive.apply(batch, refreshID: try archive.beginRefresh(trigger: .manual, at: now), at: now)
        #expect(try titles(archive, "银行") == ["甲"])
        var empty = SourceBatch(sourceID: "s", kind: "files", articles: [])
        empty.completeListing = []
        _ = try archive.apply(empty, refreshID: try archive.beginRefresh(trigger: .manual, at: now), at: now)
        #expect(try titles(archive, "银行").isEmpty)
    }

    @Test(arguments: StoreBackend.allCases)
    func snippetsMarkTheOriginalText(_ backend: StoreBackend) throws {
        let archive = try archive([draft("1", title: "港股銀行", text: "今日<b>恒生指數</b>上升，銀行股領漲。")], on: backend)
        let hit = try #require(try archive.search(SearchQuery(parsing: "银行")).first)
        #expect(hit.snippet.filter(\.isMatch).map(\.text) == ["銀行"])
        #expect(hit.snippet.map(\.text).joined().contains("<b>恒生指數</b>"))
        #expect(hit.title == [SnippetPart("港股", isMatch: false), SnippetPart("銀行", isMatch: true)])
    }

    /// OpenCC converts each run of CJK characters on its own, in documents as in queries: `藉此` (no
    /// character OpenCC converts alone, but a phrase it converts) stays `藉此` in an article with
    /// Traditional text elsewhere, so the query `藉此` finds and marks it.
    @Test(arguments: StoreBackend.allCases)
    func aPhraseInARunWithoutTraditionalCharactersIsFoundAsTyped(_ backend: StoreBackend) throws {
        let archive = try archive([draft("1", title: "經濟新聞", text: "經濟新聞。我们藉此机会回顾市场。")], on: backend)
        let hit = try #require(try archive.search(SearchQuery(parsing: "藉此")).first)
        #expect(hit.snippet.filter(\.isMatch).map(\.text) == ["藉此"])
        #expect(try titles(archive, "经济新闻") == ["經濟新聞"])
    }

    @Test func theMigrationIndexesAnExistingArchive() throws {
        let path = folder.path("a.sqlite")
        do {
            _ = try archive([draft("1", title: "甲", text: "银行利率")])
        }
        // Turn the file back into one from before the search migration.
        let queue = try DatabaseQueue(path: path.path)
        try queue.write { db in
            try db.execute(sql: """
                DROP TABLE article_search; DROP INDEX refresh_sources_source;
                DELETE FROM grdb_migrations WHERE identifier LIKE 'v7:%' OR identifier LIKE 'v8:%' OR identifier LIKE 'v9:%';
                """)
        }
        try queue.close()
        let reopened = try Archive(path: path)
        #expect(try titles(reopened, "利率") == ["甲"])
    }

    /// v9 replaces an index tokenized by `unicode61`, whose documents went through OpenCC whole, by one
    /// tokenized by `ascii` whose CJK runs went through it one by one: every row indexed anew, so
    /// `藉此` (left alone in its run now, `借此` before) is found, and an edit afterwards deletes exactly
    /// the tokens the migration indexed.
    @Test func theTokenizerMigrationIndexesEveryArticleAnew() throws {
        let path = folder.path("a.sqlite")
        let text = "經濟新聞。我们藉此机会回顾市场。"
        do {
            _ = try archive([draft("1", title: "甲", text: text), draft("2", title: "乙", text: "银行利率")])
        }
        // Back to an archive from before v9: the v7 table, the v8 settings, the documents as v8 made them.
        let queue = try DatabaseQueue(path: path.path)
        try queue.write { db in
            try db.execute(sql: """
                DROP TABLE article_search;
                CREATE VIRTUAL TABLE article_search USING fts5(
                    title, body, tails, content = '', tokenize = 'unicode61 remove_diacritics 0');
                DELETE FROM grdb_migrations WHERE identifier LIKE 'v9:%';
                """)
            for setting in Archive.searchIndexSettings {
                try db.execute(sql: "INSERT INTO article_search (article_search, rank) VALUES (?, ?)",
                               arguments: [setting.name, setting.value])
            }
            for row in try Row.fetchAll(db, sql: "SELECT rowid, title, content_text FROM articles") {
                let title: String = row[1], text: String = row[2]
                try Archive.index(SearchDocument(title: SearchTextTests.wholeTextNormalization(title),
                                                 text: SearchTextTests.wholeTextNormalization(text)), rowID: row[0], db: db)
            }
        }
        let old = try queue.read { db in try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'article_search'") }
        try queue.close()
        #expect(old?.contains("unicode61") == true)
        let reopened = try Archive(path: path)
        let definition = try reopened.read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'article_search'")
        }
        #expect(definition?.contains("tokenize = 'ascii'") == true)
        #expect(try titles(reopened, "藉此") == ["甲"])
        #expect(try titles(reopened, "经济") == ["甲"])
        #expect(try titles(reopened, "利率") == ["乙"])
        try add([draft("1", title: "甲", text: "經濟新聞。今日回顾债市。")], to: reopened, at: now.addingTimeInterval(60))
        #expect(try titles(reopened, "藉此").isEmpty)
        #expect(try titles(reopened, "市场").isEmpty)
        #expect(try titles(reopened, "债市") == ["甲"])
        // Nothing of the first version is left in the index's vocabulary.
        let queue2 = try DatabaseQueue(path: path.path)
        let terms = try queue2.write { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, article_search, 'row')")
            return try String.fetchAll(db, sql: "SELECT term FROM temp.terms WHERE term IN ('藉此', '借此', '市场', '机会')")
        }
        try queue2.close()
        #expect(terms.isEmpty)
    }

    /// The index's write settings (`Archive.searchIndexSettings`) are in its own configuration table,
    /// for new archives and for archives made before them, and searching works the same after.
    @Test func theIndexIsFlushedInLargerSegmentsAndMergedSixteenAtATime() throws {
        let path = folder.path("a.sqlite")
        let expected = ["hashsize": 8 * 1_048_576, "automerge": 16, "crisismerge": 64]
        func settings() throws -> [String: Int] {
            let queue = try DatabaseQueue(path: path.path)
            defer { try? queue.close() }
            return try queue.read { db in
                Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT k, v FROM article_search_config WHERE k != 'version'")
                    .map { ($0[0] as String, $0[1] as Int) })
            }
        }
        do {
            _ = try archive([draft("1", title: "甲", text: "银行利率")])
        }
        #expect(try settings() == expected)
        // Back to an archive from before the settings: FTS5's defaults, the migration not applied.
        let queue = try DatabaseQueue(path: path.path)
        try queue.write { db in
            try db.execute(sql: """
                DELETE FROM article_search_config WHERE k != 'version';
                DELETE FROM grdb_migrations WHERE identifier LIKE 'v8:%';
                """)
        }
        try queue.close()
        #expect(try settings().isEmpty)
        let reopened = try Archive(path: path)
        #expect(try settings() == expected)
        try add([draft("2", title: "乙", text: "存款利率")], to: reopened)
        #expect(try titles(reopened, "利率").sorted() == ["乙", "甲"])
    }

    @Test(arguments: StoreBackend.allCases)
    func aSearchPastItsTimeLimitIsInterrupted(_ backend: StoreBackend) throws {
        let drafts = (0..<300).map { draft("\($0)", title: "第\($0)条", text: String(repeating: "银行存款利率下调。", count: 20)) }
        let archive = try archive(drafts, on: backend)
        #expect(throws: StoreError.self) {
            try archive.search(SearchQuery(parsing: "银行 利率"), timeLimit: .nanoseconds(1))
        }
        #expect(try archive.search(SearchQuery(parsing: "银行 利率"), limit: 500).count == 300)
    }

    @Test(arguments: StoreBackend.allCases)
    func matchesBeyondTheRankingWindowAreStillFound(_ backend: StoreBackend) throws {
        let archive = try backend.makeArchive(in: folder)
        try add((0..<300).map { draft("\($0)", title: "快讯\($0)", text: "银行利率") }, to: archive, source: "a")
        // Long bodies rank last: only the full search reaches them.
        try add((0..<3).map { draft("\($0)", title: "长文\($0)", text: "银行" + String(repeating: "市场平稳运行。", count: 200)) },
                to: archive, source: "b")
        #expect(try archive.search(SearchQuery(parsing: "银行 source:b")).count == 3)
        let all = try archive.search(SearchQuery(parsing: "银行"), limit: 500)
        #expect(all.count == 303)
        #expect(all.suffix(3).allSatisfy { $0.article.sourceID == "b" })
        #expect(try archive.search(SearchQuery(parsing: "银行"), limit: 10, offset: 298).map(\.article.sourceID)
            == ["a", "a", "b", "b", "b"])
    }

    @Test(arguments: StoreBackend.allCases)
    func pastTheBoundOnlyTheNewestMatchesAreRanked(_ backend: StoreBackend) throws {
        let archive = try backend.makeArchive(in: folder)
        // Older articles hold the word in their titles, so they would rank first if all were ranked.
        try add((0..<6).map { draft("old\($0)", title: "银行\($0)", text: "银行利率") }, to: archive, source: "a")
        try add((0..<4).map { draft("new\($0)", title: "快讯\($0)", text: "银行利率") }, to: archive, source: "b")
        let all = try archive.search(SearchQuery(parsing: "银行"), limit: 20)
        #expect(all.count == 10)
        #expect(all.prefix(6).allSatisfy { $0.article.sourceID == "a" })
        let bounded = try archive.search(SearchQuery(parsing: "银行"), since: nil, limit: 5, offset: 0, timeLimit: .seconds(2), rankedMatches: 5)
        #expect(bounded.map(\.article.title) == ["银行5", "快讯3", "快讯2", "快讯1", "快讯0"])
        // Filters apply before the bound: the older source is still reached through its own matches.
        #expect(try archive.search(SearchQuery(parsing: "银行 source:a"), since: nil, limit: 3, offset: 0, timeLimit: .seconds(2), rankedMatches: 5).map(\.article.title)
            == ["银行5", "银行4", "银行3"])
        // A page past the bound asks for more: the bound grows to hold it.
        #expect(try archive.search(SearchQuery(parsing: "银行"), since: nil, limit: 4, offset: 6, timeLimit: .seconds(2), rankedMatches: 5).count == 4)
    }

    @Test func queriesAreBoundedAndParsed() throws {
        #expect(throws: SearchQueryError.tooLong(characters: 201, limit: 200)) {
            try SearchQuery(parsing: String(repeating: "银", count: 201))
        }
        #expect(throws: SearchQueryError.noWords) { try SearchQuery(parsing: "source:x -银行") }
        #expect(throws: SearchQueryError.noWords) { try SearchQuery(parsing: "\"\" *** -- 。") }
        let query = try SearchQuery(parsing: "银行 “央行 降准” -基金 source:xinhua outlet:\"中国 新闻网\"")
        #expect(query == SearchQuery(terms: ["银行", "央行 降准"], excluded: ["基金"], sources: ["xinhua"], outlets: ["中国 新闻网"]))
        // Markup in a query is only letters to the index.
        #expect(try SearchQuery(parsing: "<b>银行</b>").matchExpression == "(({title body} : \"b 银行 b\"))")
    }
}
