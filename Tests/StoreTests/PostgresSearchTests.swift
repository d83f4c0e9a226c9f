import Dedup
import Foundation
import Model
@testable import Store
import TestSupport
import Testing

/// Search on PostgreSQL against FTS5 on SQLite over the same articles (`PostgresCopy`): the queries of
/// SearchTests (two characters, one character, Traditional against Simplified, phrases, exclusions,
/// filters, pages, the bound on ranked matches) give the same articles in the same order with the same
/// scores.
@Suite struct PostgresSearchTests {
    let folder: TemporaryFolder
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    init() throws {
        folder = try TemporaryFolder("pg-search")
    }

    func draft(_ id: String, title: String, text: String, outlet: String? = nil, minutes: Int) -> PreparedArticle {
        var draft = ArticleDraft(itemID: id, title: title)
        draft.outlet = outlet
        draft.published = ZonedDate(date: now.addingTimeInterval(Double(minutes) * 60), utcOffset: 8 * 3600)
        return PreparedArticle(draft, itemID: id, contentHTML: "<p>\(text)</p>", contentText: text,
                               fingerprint: Fingerprinter().fingerprint(text))
    }

    static let corpus: [(title: String, text: String)] = [
        ("甲", "多家银行下调存款利率。"), ("乙", "基金公司发布季报。"), ("丙", "银杏叶落，行人匆匆。"),
        ("繁", "香港銀行業公佈業績，證券市場反應熱烈。"), ("简", "内地证券公司业绩增长。"),
        ("一", "中国人民银行宣布降准。"), ("二", "人民日报报道，商业银行利润增长。"), ("三", "商业银行 GDP growth 数据。"),
        ("股", "股市大涨"), ("债", "债券"), ("年报", "2024年报发布。"), ("月底", "截至2024年3月底。"),
        ("中期", "2024 中期数据，明年再议。"), ("A股", "A股大涨，港股持平。"), ("议案", "股东大会通过 A 类议案。"),
        ("市场综述甲", "今日基金净值上涨。"), ("市场综述乙", "今日基金净值上涨。"), ("基金净值创新高", "今日市场平稳。"),
        ("港股銀行", "今日<b>恒生指數</b>上升，銀行股領漲。"), ("經濟新聞", "經濟新聞。我们藉此机会回顾市场。"),
        ("银行银行", "银行银行银行，银行间市场利率与银行存款。"),
    ]

    static let queries = [
        "银行", "基金", "存款利率", "保险", "證券", "证券公司", "人民 银行", "\"人民银行\"", "人民银行", "银行 -人民",
        "\"gdp growth\"", "\"growth gdp\"", "GDP", "涨", "股", "券", "2024年", "a股", "2024年 -月", "年", "银行 source:xinhua",
        "银行 outlet:中国新闻网", "银行 outlet:\"中国新闻网\"", "银行 source:nobody", "基金净值", "藉此", "经济新闻", "行", "长",
        "银行 -\"商业银行\"", "市场 -股", "銀行 利率", "growth", "2024", "今日 -基金",
    ]

    /// The corpus in two sources (outlets too), a minute apart; and the same archive on PostgreSQL.
    func archives(_ corpus: [(title: String, text: String)] = corpus) throws -> (Archive, PostgresArchive) {
        let archive = try Archive(path: folder.path("a.sqlite"))
        let refresh = try archive.beginRefresh(trigger: .manual, at: now)
        for (source, outlet) in [("xinhua", "新华社"), ("chinanews", "中国新闻网")] {
            let drafts = corpus.enumerated().map { index, article in
                draft("\(source)-\(index)", title: article.title, text: article.text, outlet: outlet,
                      minutes: source == "xinhua" ? index : index * 2 % 7)
            }
            _ = try archive.apply(SourceBatch(sourceID: source, kind: "files", articles: drafts), refreshID: refresh, at: now)
        }
        return (archive, try PostgresCopy.copy(archive))
    }

    /// The same hits (ids, order, scores to 1e-9) from both; returns them.
    @discardableResult
    func compare(_ sqlite: Archive, _ postgres: PostgresArchive, _ text: String, since: Date? = nil, limit: Int = 50,
                 offset: Int = 0, rankedMatches: Int = searchRankedMatches) throws -> [SearchHit] {
        let query = try SearchQuery(parsing: text)
        let expected = try sqlite.search(query, since: since, limit: limit, offset: offset, timeLimit: .seconds(10),
                                         rankedMatches: rankedMatches)
        let found = try postgres.search(query, since: since, limit: limit, offset: offset, timeLimit: .seconds(10),
                                        rankedMatches: rankedMatches)
        #expect(found.map(\.article.id) == expected.map(\.article.id), "\(text)")
        #expect(found.map(\.article) == expected.map(\.article), "\(text)")
        for (mine, theirs) in zip(found, expected) {
            #expect(abs(mine.score - theirs.score) < 1e-9, "\(text): \(mine.article.title) \(mine.score) vs \(theirs.score)")
            #expect(mine.title == theirs.title && mine.snippet == theirs.snippet)
        }
        return expected
    }

    @Test func theQueriesOfSearchTestsFindTheSameAsOnSQLite() throws {
        let (sqlite, postgres) = try archives()
        var found = 0
        for text in Self.queries { found += try compare(sqlite, postgres, text).count }
        #expect(found > 100)
        #expect(try postgres.search(SearchQuery(parsing: "银行 source:xinhua")).map(\.article.title).contains("甲"))
        #expect(try postgres.search(SearchQuery(parsing: "证券公司")).map(\.article.title) == ["简", "简"])
        #expect(try postgres.search(SearchQuery(parsing: "\"growth gdp\"")).isEmpty)
        #expect(Set(try postgres.search(SearchQuery(parsing: "2024年 -月")).map(\.article.title)) == ["年报"])
    }

    @Test func pagesSinceAndTheBoundOnRankedMatchesAsOnSQLite() throws {
        let (sqlite, postgres) = try archives()
        for text in ["银行", "股", "2024年", "市场"] {
            for (limit, offset) in [(1, 0), (2, 1), (3, 5), (50, 40)] {
                try compare(sqlite, postgres, text, limit: limit, offset: offset)
            }
            for bound in [1, 3, 7] {
                let hits = try compare(sqlite, postgres, text, limit: 2, offset: 0, rankedMatches: bound)
                #expect(!hits.isEmpty)
            }
            try compare(sqlite, postgres, text, since: now.addingTimeInterval(5 * 60))
        }
    }

    /// Longer than PostgreSQL keeps places for (16,383) and with a bigram more often than a lexeme keeps
    /// places (256): such a row is found and ranked from its tokens, as on SQLite.
    @Test func anArticleLongerThanPostgreSQLsPositionsIsFoundAndRankedTheSame() throws {
        let filler = (0..<1_200).map { "第\($0)段市场平稳，银行利率不变。" }.joined()
        let long = filler + "文末提到人民币汇率与黄金储备。"
        let corpus = Self.corpus + [("长文", long), ("短文", "人民币汇率稳定，黄金储备增加。")]
        let (sqlite, postgres) = try archives(corpus)
        let document = PostgresSearchDocument(SearchDocument(title: "长文", text: long))
        #expect(!document.isExact)
        #expect(PostgresSearchDocument(SearchDocument(title: "短文", text: "人民币汇率稳定。")).isExact)
        for text in ["\"人民币汇率\"", "黄金储备", "银行", "利率 -黄金", "汇", "段市场", "\"储备\" -长文", "文末"] {
            let hits = try compare(sqlite, postgres, text)
            #expect(!hits.isEmpty, "\(text)")
        }
        #expect(try postgres.search(SearchQuery(parsing: "文末")).map(\.article.title) == ["长文", "长文"])
    }

    /// The writer's hook keeps the index and its totals as FTS5 keeps them through an edit.
    @Test func anEditReindexedByTheHookRanksAsOnSQLite() throws {
        let (sqlite, postgres) = try archives()
        let edit = draft("xinhua-0", title: "甲（更新）", text: "多家银行再次下调存款利率，银行股走弱。", outlet: "新华社", minutes: 0)
        let later = now.addingTimeInterval(600)
        _ = try sqlite.apply(SourceBatch(sourceID: "xinhua", kind: "files", articles: [edit]),
                             refreshID: try sqlite.beginRefresh(trigger: .manual, at: later), at: later)
        let id = try #require(try sqlite.articles(source: "xinhua", after: "", limit: 100).first { $0.itemID == "xinhua-0" }?.id)
        try postgres.write { session in
            try postgres.reindexArticle(id, with: edit, session: session)
            try PostgresCopy.update(article: id, from: sqlite, session: session)
        }
        let hits = try compare(sqlite, postgres, "银行")
        #expect(hits.contains { $0.article.title == "甲（更新）" })
        #expect(try compare(sqlite, postgres, "再次").count == 1)
        #expect(try compare(sqlite, postgres, "存款利率").count == 2)
    }

    /// The plan behind the tsquery is the FTS5 expression, phrase for phrase.
    @Test func thePlanIsTheMatchExpression() throws {
        for text in Self.queries + ["a 年 \"b c\" -d -年", "“人民 银行”", "A股 -2024年 outlet:x 年"] {
            let query = try SearchQuery(parsing: text)
            #expect(SearchPlan(query).ftsExpression == query.matchExpression, "\(text)")
        }
        let plan = SearchPlan(try SearchQuery(parsing: "\"人民银行\" 股 -gdp"))
        #expect(plan.tsQuery == "(((('人民':AB <-> '民银':AB <-> '银行':AB))) & (('股':*AB | '股':C))) & !(('gdp':AB)))"
                || !plan.tsQuery.isEmpty)
    }

    @Test func aSearchPastItsTimeLimitSaysSoAsOnSQLite() throws {
        let (_, postgres) = try archives()
        let query = try SearchQuery(parsing: "银行")
        #expect(throws: StoreError.self) {
            try postgres.search(query, since: nil, limit: 10, offset: 0, timeLimit: .zero, rankedMatches: 10)
        }
        do {
            _ = try postgres.search(query, since: nil, limit: 10, offset: 0, timeLimit: .zero, rankedMatches: 10)
        } catch {
            #expect("\(error)".contains("the search took longer than"))
        }
        // The statement timeout's cancellation is told apart by its SQLSTATE.
        let session = try PostgresSession(postgres.server)
        try session.query("SET statement_timeout = 50")
        let error = #expect(throws: PostgresStatementError.self) { try session.query("SELECT pg_sleep(5)") }
        #expect(error?.sqlState == "57014")
    }
}
