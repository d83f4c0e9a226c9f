import GRDB

extension Archive {
    /// Distinct stories among current articles: an article the dedup stage has not grouped is its own story.
    public func storyCount() throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT COALESCE(story_id, id)) FROM articles WHERE removed IS NULL") ?? 0
        }
    }
}
