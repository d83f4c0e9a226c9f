import GRDB

extension Archive {
    /// Append-only: a released migration is never edited, only followed by a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: sources, articles, revisions, refreshes, change events") { db in
            try db.execute(sql: """
                CREATE TABLE sources (
                    id TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    title TEXT,
                    first_seen REAL NOT NULL
                );
                CREATE TABLE articles (
                    id TEXT PRIMARY KEY,
                    source_id TEXT NOT NULL REFERENCES sources(id),
                    item_id TEXT NOT NULL,
                    origin TEXT,
                    link TEXT,
                    title TEXT NOT NULL,
                    published REAL,
                    published_offset INTEGER,
                    first_seen REAL NOT NULL,
                    updated REAL NOT NULL,
                    -- published, else first seen: the order feeds list articles in.
                    feed_time REAL NOT NULL,
                    outlet TEXT,
                    author TEXT,
                    categories TEXT NOT NULL DEFAULT '[]',
                    tags TEXT NOT NULL DEFAULT '[]',
                    image_url TEXT,
                    content_html TEXT NOT NULL,
                    content_text TEXT NOT NULL,
                    content_hash TEXT NOT NULL,
                    version INTEGER NOT NULL DEFAULT 1,
                    removed REAL,
                    story_id TEXT,
                    UNIQUE (source_id, item_id)
                );
                CREATE INDEX articles_feed ON articles(feed_time DESC, id) WHERE removed IS NULL;
                CREATE INDEX articles_source_feed ON articles(source_id, feed_time DESC) WHERE removed IS NULL;
                CREATE INDEX articles_origin ON articles(source_id, origin);
                CREATE TABLE article_categories (
                    slug TEXT NOT NULL,
                    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    feed_time REAL NOT NULL,
                    PRIMARY KEY (slug, article_id)
                );
                CREATE INDEX article_categories_feed ON article_categories(slug, feed_time DESC);
                CREATE INDEX article_categories_article ON article_categories(article_id);
                CREATE TABLE revisions (
                    id INTEGER PRIMARY KEY,
                    article_id TEXT NOT NULL REFERENCES articles(id),
                    version INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    link TEXT,
                    published REAL,
                    published_offset INTEGER,
                    outlet TEXT,
                    author TEXT,
                    content_html TEXT NOT NULL,
                    content_text TEXT NOT NULL,
                    content_hash TEXT NOT NULL,
                    replaced REAL NOT NULL,
                    diff_summary TEXT NOT NULL,
                    trivial INTEGER NOT NULL DEFAULT 0,
                    UNIQUE (article_id, version)
                );
                CREATE TABLE refreshes (
                    id INTEGER PRIMARY KEY,
                    trigger TEXT NOT NULL,
                    started REAL NOT NULL,
                    finished REAL,
                    new INTEGER NOT NULL DEFAULT 0,
                    updated INTEGER NOT NULL DEFAULT 0,
                    unchanged INTEGER NOT NULL DEFAULT 0,
                    removed INTEGER NOT NULL DEFAULT 0,
                    errors INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE refresh_sources (
                    refresh_id INTEGER NOT NULL REFERENCES refreshes(id),
                    source_id TEXT NOT NULL,
                    new INTEGER NOT NULL,
                    updated INTEGER NOT NULL,
                    unchanged INTEGER NOT NULL,
                    removed INTEGER NOT NULL,
                    errors TEXT NOT NULL DEFAULT '[]',
                    failure TEXT,
                    PRIMARY KEY (refresh_id, source_id)
                );
                CREATE TABLE change_events (
                    id INTEGER PRIMARY KEY,
                    refresh_id INTEGER NOT NULL REFERENCES refreshes(id),
                    at REAL NOT NULL,
                    kind TEXT NOT NULL,
                    article_id TEXT NOT NULL REFERENCES articles(id),
                    source_id TEXT NOT NULL,
                    title TEXT NOT NULL,
                    link TEXT,
                    detail TEXT
                );
                CREATE INDEX change_events_at ON change_events(at);
                CREATE INDEX change_events_article ON change_events(article_id);
                """)
        }
        migrator.registerMigration("v2: origin stamps, to skip unchanged files") { db in
            try db.execute(sql: "ALTER TABLE articles ADD COLUMN origin_stamp TEXT")
        }
        migrator.registerMigration("v3: stories and near-duplicate bands") { db in
            try db.execute(sql: """
                CREATE TABLE stories (
                    id TEXT PRIMARY KEY,
                    created REAL NOT NULL,
                    -- the member feeds show: the first published one still listed by its source
                    lead TEXT
                );
                -- 1 for the article a story shows in feeds (its first published member) and for articles
                -- that stand alone; 0 for the other members of a story.
                ALTER TABLE articles ADD COLUMN story_lead INTEGER NOT NULL DEFAULT 1;
                CREATE INDEX articles_story ON articles(story_id, feed_time) WHERE story_id IS NOT NULL;
                CREATE INDEX articles_feed_leads ON articles(feed_time DESC, id) WHERE removed IS NULL AND story_lead = 1;
                -- MinHash band keys (band << 32 | hash); one probe per band finds the candidates. Articles
                -- are named by rowid: 32 rows per article make this the largest table, and integers keep
                -- it half the size of text ids.
                CREATE TABLE dedup_bands (
                    key INTEGER NOT NULL,
                    article INTEGER NOT NULL,
                    PRIMARY KEY (key, article)
                ) WITHOUT ROWID;
                CREATE INDEX dedup_bands_article ON dedup_bands(article);
                """)
        }
        migrator.registerMigration("v4: HTTP validators per URL, source health") { db in
            try db.execute(sql: """
                CREATE TABLE http_cache (
                    url TEXT PRIMARY KEY,
                    etag TEXT,
                    last_modified TEXT,
                    stored REAL NOT NULL
                );
                CREATE TABLE source_health (
                    source_id TEXT PRIMARY KEY,
                    last_attempt REAL NOT NULL,
                    last_success REAL,
                    http_status INTEGER,
                    last_error TEXT,
                    consecutive_failures INTEGER NOT NULL DEFAULT 0,
                    next_attempt REAL NOT NULL
                );
                """)
        }
        migrator.registerMigration("v5: when article pages were last fetched, for rechecks") { db in
            try db.execute(sql: "ALTER TABLE articles ADD COLUMN last_checked REAL")
            try db.execute(sql: "CREATE INDEX articles_source_seen ON articles(source_id, first_seen) WHERE removed IS NULL")
        }
        migrator.registerMigration("v6: feed indexes that carry their tiebreak") { db in
            // Feeds order by (time, id); an index without the id leaves SQLite sorting every row of a
            // category or source to find the newest fifty, which costs the archive's size.
            try db.execute(sql: """
                DROP INDEX articles_source_feed;
                CREATE INDEX articles_source_feed ON articles(source_id, feed_time DESC, id) WHERE removed IS NULL;
                DROP INDEX article_categories_feed;
                CREATE INDEX article_categories_feed ON article_categories(slug, feed_time DESC, article_id);
                """)
        }
        registerSearchMigration(&migrator)
        registerSearchSettingsMigration(&migrator)
        registerSearchTokenizerMigration(&migrator)
        return migrator
    }
}
