import Foundation
public import Model

// Operations not yet written for PostgreSQL: each fails with a message naming it. Removed one by one as
// PostgresArchive+*.swift implements them; empty when issue 16 is done.
extension PostgresArchive {
    public func apply(_ batch: SourceBatch, refreshID: Int64, at now: Date) throws(StoreError) -> SourceOutcome {
        throw .query(path: location, reason: "apply is not written for PostgreSQL yet")
    }
    public func writeGroup<T>(_ body: (any ArchiveTransaction) throws -> T) throws(StoreError) -> T {
        throw .query(path: location, reason: "writeGroup is not written for PostgreSQL yet")
    }
    public func recordAttempt(_ attempt: SourceAttempt,
                           nextAttempt: (_ consecutiveFailures: Int) -> Date) throws(StoreError) -> SourceHealth {
        throw .query(path: location, reason: "recordAttempt is not written for PostgreSQL yet")
    }
    public func storeHTTPValidators(_ validators: HTTPValidators?, for url: String, at now: Date) throws(StoreError) {
        throw .query(path: location, reason: "storeHTTPValidators is not written for PostgreSQL yet")
    }
    public func beginRefresh(trigger: RefreshTrigger, at now: Date) throws(StoreError) -> Int64 {
        throw .query(path: location, reason: "beginRefresh is not written for PostgreSQL yet")
    }
    public func finishRefresh(_ id: Int64, outcomes: [SourceOutcome], at now: Date) throws(StoreError) {
        throw .query(path: location, reason: "finishRefresh is not written for PostgreSQL yet")
    }
    public func httpValidators(for urls: [String]) throws(StoreError) -> [String: HTTPValidators] {
        throw .query(path: location, reason: "httpValidators is not written for PostgreSQL yet")
    }
    public func originStamps(source: String) throws(StoreError) -> [String: String] {
        throw .query(path: location, reason: "originStamps is not written for PostgreSQL yet")
    }
    public func storedOrigins(source: String) throws(StoreError) -> (origins: Set<String>, articles: Int) {
        throw .query(path: location, reason: "storedOrigins is not written for PostgreSQL yet")
    }
    public func dueRechecks(source: String, schedule: [TimeInterval], at now: Date) throws(StoreError) -> Set<String> {
        throw .query(path: location, reason: "dueRechecks is not written for PostgreSQL yet")
    }
    public func sourceHealth() throws(StoreError) -> [SourceHealth] {
        throw .query(path: location, reason: "sourceHealth is not written for PostgreSQL yet")
    }
    public func sourceHealth(_ sourceID: String) throws(StoreError) -> SourceHealth? {
        throw .query(path: location, reason: "sourceHealth is not written for PostgreSQL yet")
    }
    public func lastRefresh() throws(StoreError) -> RefreshRecord? {
        throw .query(path: location, reason: "lastRefresh is not written for PostgreSQL yet")
    }
}
