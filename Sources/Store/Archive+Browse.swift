import Foundation
import GRDB
import Model

/// A story as the front page lists it: the article feeds show for it, and how many other outlets
/// reported it.
public struct StoryCard: Sendable {
    public var lead: Article
    /// The story's id: its own, or the lead's id when the article stands alone.
    public var storyID: String
    /// Distinct outlets (or sources, where no outlet is named) among the other current members.
    public var otherOutlets: Int
    /// The story has more members than were looked at: `otherOutlets` is a lower bound.
    public var otherOutletsAtLeast = false
}

/// One version of an article: the stored revisions, then the current text.
public struct ArticleVersion: Sendable {
    public var version: Int
    public var title: String
    public var contentHTML: String
    public var contentText: String
    /// When this version was stored (first seen, or when the version before it was replaced).
    public var since: Date
    /// What changed from the previous version, as the change log put it; nil for the first.
    public var summary: String?
    public var trivial: Bool
}

/// Errors a source reported in one refresh.
public struct SourceErrors: Sendable {
    public var refreshID: Int64
    public var at: Date
    public var failure: String?
    public var errors: [String]
}

extension Archive {
    /// The newest stories, one card per story (its lead), newest first; `offset` pages through them.
    /// Outlets are counted among a story's first `outletSample` other members, so a story reprinted a
    /// thousand times costs no more than one reprinted sixty times (`otherOutletsAtLeast` says so).
    public func frontPage(limit: Int, offset: Int) throws(StoreError) -> [StoryCard] {
        try read { db in
            let leads = try Article.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM articles INDEXED BY articles_feed_leads WHERE removed IS NULL AND story_lead = 1
                ORDER BY feed_time DESC, id LIMIT ? OFFSET ?
                """), arguments: [limit, offset])
            let members = try db.cachedStatement(sql: """
                SELECT COALESCE(outlet, source_id) FROM articles INDEXED BY articles_story
                WHERE story_id = ? AND id != ? AND removed IS NULL ORDER BY feed_time LIMIT ?
                """)
            return try leads.map { lead in
                guard let story = lead.storyID else { return StoryCard(lead: lead, storyID: lead.id, otherOutlets: 0) }
                let names = try String.fetchAll(members, arguments: [story, lead.id, Self.outletSample + 1])
                // The lead's own outlet reprinting it again is not another outlet.
                let others = Set(names.prefix(Self.outletSample)).subtracting([lead.outlet ?? lead.sourceID])
                return StoryCard(lead: lead, storyID: story, otherOutlets: others.count,
                                 otherOutletsAtLeast: names.count > Self.outletSample)
            }
        }
    }

    static let outletSample = 60

    /// Every member of a story, removed ones too, first published first; a story id that names an
    /// article standing alone gives that article. At most `limit` members.
    public func story(_ id: String, limit: Int) throws(StoreError) -> [Article] {
        try read { db in
            let members = try Article.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM articles INDEXED BY articles_story WHERE story_id = ? ORDER BY feed_time, id LIMIT ?
                """), arguments: [id, limit])
            if !members.isEmpty { return members }
            return try Row.fetchAll(db, sql: "SELECT * FROM articles WHERE id = ?", arguments: [id]).map(Article.init(row:))
        }
    }

    /// Every version of an article, oldest first, the current one last; empty when there is no such article.
    public func versions(of articleID: String) throws(StoreError) -> [ArticleVersion] {
        try read { db in
            guard let current = try Row.fetchOne(db, sql: "SELECT * FROM articles WHERE id = ?", arguments: [articleID]) else {
                return []
            }
            let revisions = try Row.fetchAll(db, sql: "SELECT * FROM revisions WHERE article_id = ? ORDER BY version",
                                             arguments: [articleID])
            var versions: [ArticleVersion] = []
            var since = Date(timeIntervalSince1970: current["first_seen"])
            var summary: String?
            var trivial = false
            for revision in revisions {
                versions.append(ArticleVersion(version: revision["version"], title: revision["title"],
                                               contentHTML: revision["content_html"], contentText: revision["content_text"],
                                               since: since, summary: summary, trivial: trivial))
                since = Date(timeIntervalSince1970: revision["replaced"])
                summary = revision["diff_summary"]
                trivial = revision["trivial"]
            }
            versions.append(ArticleVersion(version: current["version"], title: current["title"],
                                           contentHTML: current["content_html"], contentText: current["content_text"],
                                           since: since, summary: summary, trivial: trivial))
            return versions
        }
    }

    /// The refreshes in which a source failed or reported bad items, newest first.
    public func recentErrors(of sourceID: String, limit: Int) throws(StoreError) -> [SourceErrors] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.refresh_id, r.started, s.failure, s.errors FROM refresh_sources s
                JOIN refreshes r ON r.id = s.refresh_id
                WHERE s.source_id = ? AND (s.failure IS NOT NULL OR s.errors != '[]')
                ORDER BY s.refresh_id DESC LIMIT ?
                """, arguments: [sourceID, limit]).map { row in
                SourceErrors(refreshID: row["refresh_id"], at: Date(timeIntervalSince1970: row["started"]),
                             failure: row["failure"],
                             errors: try JSONDecoder().decode([String].self, from: Data((row["errors"] as String).utf8)))
            }
        }
    }
}
