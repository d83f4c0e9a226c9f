import Foundation
public import Model
import PostgresNIO

// Front page, stories, versions and errors (Archive+Browse.swift, Archive+Stories.swift).
extension PostgresArchive {
    /// The newest stories, one card per story (its lead), newest first; `offset` pages through them.
    public func frontPage(limit: Int, offset: Int) throws(StoreError) -> [StoryCard] {
        try read { session in
            let leads = try session.query("""
                SELECT * FROM articles WHERE removed IS NULL AND story_lead = 1
                ORDER BY feed_time DESC, id LIMIT $1 OFFSET $2
                """, [.int(Int64(limit)), .int(Int64(offset))]).map(Article.init(postgres:))
            return try leads.map { lead in
                guard let story = lead.storyID else { return StoryCard(lead: lead, storyID: lead.id, otherOutlets: 0) }
                let names = try session.query("""
                    SELECT COALESCE(outlet, source_id) AS name FROM articles
                    WHERE story_id = $1 AND id != $2 AND removed IS NULL ORDER BY feed_time LIMIT $3
                    """, [.text(story), .text(lead.id), .int(Int64(Archive.outletSample + 1))])
                    .map { try $0.required("name", as: String.self) }
                let others = Set(names.prefix(Archive.outletSample)).subtracting([lead.outlet ?? lead.sourceID])
                return StoryCard(lead: lead, storyID: story, otherOutlets: others.count,
                                 otherOutletsAtLeast: names.count > Archive.outletSample)
            }
        }
    }

    /// Every member of a story, removed ones too, first published first; a story id that names an article
    /// standing alone gives that article.
    public func story(_ id: String, limit: Int) throws(StoreError) -> [Article] {
        try read { session in
            let members = try session.query("SELECT * FROM articles WHERE story_id = $1 ORDER BY feed_time, id LIMIT $2",
                                            [.text(id), .int(Int64(limit))]).map(Article.init(postgres:))
            if !members.isEmpty { return members }
            return try session.query("SELECT * FROM articles WHERE id = $1", [.text(id)]).map(Article.init(postgres:))
        }
    }

    /// The other current members of a story, first published first, without their HTML and text.
    public func storyMembers(_ story: String, except articleID: String, limit: Int) throws(StoreError) -> [Article] {
        try read { session in
            try session.query("""
                SELECT \(Self.articleColumns(emptying: ["content_html", "content_text"])) FROM articles
                WHERE story_id = $1 AND id != $2 AND removed IS NULL ORDER BY feed_time, id LIMIT $3
                """, [.text(story), .text(articleID), .int(Int64(limit))]).map(Article.init(postgres:))
        }
    }

    /// The categories and sources of every member of a story.
    public func storyScopes(_ story: String) throws(StoreError) -> (categories: Set<String>, sources: Set<String>) {
        try read { session in
            let categories = try session.query("""
                SELECT DISTINCT c.slug FROM articles a JOIN article_categories c ON c.article_id = a.id WHERE a.story_id = $1
                """, [.text(story)]).map { try $0.required("slug", as: String.self) }
            let sources = try session.query("SELECT DISTINCT source_id FROM articles WHERE story_id = $1", [.text(story)])
                .map { try $0.required("source_id", as: String.self) }
            return (Set(categories), Set(sources))
        }
    }

    /// Every version of an article, oldest first, the current one last; empty when there is no such article.
    public func versions(of articleID: String) throws(StoreError) -> [ArticleVersion] {
        try read { session in
            guard let current = try session.query("SELECT * FROM articles WHERE id = $1", [.text(articleID)]).first else {
                return []
            }
            let article = PostgresFields(current)
            var versions: [ArticleVersion] = []
            var since = Date(timeIntervalSince1970: try article.required("first_seen"))
            var summary: String?
            var trivial = false
            for row in try session.query("SELECT * FROM revisions WHERE article_id = $1 ORDER BY version", [.text(articleID)]) {
                let revision = PostgresFields(row)
                versions.append(ArticleVersion(version: try revision.int("version"), title: try revision.required("title"),
                                               contentHTML: try revision.required("content_html"),
                                               contentText: try revision.required("content_text"),
                                               since: since, summary: summary, trivial: trivial))
                since = Date(timeIntervalSince1970: try revision.required("replaced"))
                summary = try revision.required("diff_summary", as: String.self)
                trivial = try revision.int("trivial") != 0
            }
            versions.append(ArticleVersion(version: try article.int("version"), title: try article.required("title"),
                                           contentHTML: try article.required("content_html"),
                                           contentText: try article.required("content_text"),
                                           since: since, summary: summary, trivial: trivial))
            return versions
        }
    }

    /// The refreshes in which a source failed or reported bad items, newest first.
    public func recentErrors(of sourceID: String, limit: Int) throws(StoreError) -> [SourceErrors] {
        try read { session in
            try session.query("""
                SELECT s.refresh_id, r.started, s.failure, s.errors FROM refresh_sources s
                JOIN refreshes r ON r.id = s.refresh_id
                WHERE s.source_id = $1 AND (s.failure IS NOT NULL OR s.errors != '[]')
                ORDER BY s.refresh_id DESC LIMIT $2
                """, [.text(sourceID), .int(Int64(limit))]).map { row in
                let columns = PostgresFields(row)
                return SourceErrors(refreshID: try columns.required("refresh_id"),
                                    at: Date(timeIntervalSince1970: try columns.required("started")),
                                    failure: try columns.optional("failure"),
                                    errors: try JSONDecoder().decode([String].self, from: Data(try columns.required("errors", as: String.self).utf8)))
            }
        }
    }
}
