import Config
import Foundation
import Model
import Publish
public import Server
import Store
public import Subscribe
import Synchronization

extension Daemon {
    /// A published feed narrowed by RSSHub's common parameters, rendered from the archive: the newest
    /// `filter_window` articles of the feed's scope (for a keyword feed, of its matches) are candidates,
    /// kept in memory until the next publish so each new query costs only its patterns.
    public func filteredFeed(_ relativePath: String, query: FeedQuery) async -> FilteredFeed {
        let config = self.config, archive = self.archive
        let parts = relativePath.split(separator: "/").map(String.init)
        guard let name = parts.last, let format = Publisher.Format.allCases.first(where: { $0.fileName == name }),
              FileManager.default.fileExists(atPath: config.output.appendingPathComponent(relativePath).path) else {
            return .notFound
        }
        let filter: FeedFilter, rewrite: EntryRewrite
        do {
            filter = try FeedFilter(query)
            rewrite = try EntryRewrite(query)
        } catch let error as FeedQueryError {
            return .badRequest(error.description)
        } catch {
            return .badRequest("\(error)")
        }
        let publisher = Publisher(archive: archive, config: config)
        let generation = publishGeneration()
        do {
            let folder = parts.dropLast().joined(separator: "/")
            guard let (scope, keywordFeed) = Self.scope(ofFolder: folder, config) else { return .notFound }
            let now = clock.now()
            let limit = query.limit ?? config.feed.items
            var chosen: [Article] = []
            var warmsCandidates = false
            if keywordFeed == nil, filterCandidates.cached(folder, generation: generation) == nil {
                // No candidates in memory (the first filtered request on this feed since the publish): read
                // them one at a time and stop at the last one shown, then keep them all for the next query.
                chosen = try archive.filterCandidates(scope, limit: config.filterWindow, onePerStory: config.feed.onePerStory,
                                                      wanted: limit, prefilter: filter.mayKeep(title:text:)) {
                    filter.keeps($0, now: now, textAlreadyTried: true)
                }
                warmsCandidates = true
            } else {
                let candidates = try filterCandidates.articles(folder, generation: generation) { () throws in
                    try Self.loadCandidates(scope, keywordFeed, config: config, archive: archive)
                }
                for article in candidates where filter.keeps(article, now: now) {
                    chosen.append(article)
                    if chosen.count == limit { break }
                }
            }
            // Candidates of a scope come without their HTML; the chosen few get it now.
            if keywordFeed == nil {
                let html = try archive.contentHTML(of: chosen.map(\.id))
                for index in chosen.indices { chosen[index].contentHTML = html[chosen[index].id] ?? "" }
            }
            let fallback = try archive.latestChanges(limit: 1).first?.at ?? Date(timeIntervalSince1970: 0)
            var view = keywordFeed.map { publisher.view($0, articles: chosen, fallbackUpdated: fallback) }
                ?? publisher.view(scope, articles: chosen, fallbackUpdated: fallback)
            try publisher.addStories(to: &view)
            if !rewrite.isIdentity {
                view.title = rewrite.apply(view.title)
                view.description = rewrite.apply(view.description)
                view.articles = view.articles.map(rewrite.apply)
                view.alsoReportedBy = view.alsoReportedBy.mapValues { $0.map(rewrite.apply) }
            }
            view.selfQuery = "?" + query.queryString
            let rendered = publisher.render(view, format)
            // Only now, so that reading them does not compete with this answer for a core.
            if warmsCandidates { warmFilterCandidates(folder) }
            return .feed(rendered)
        } catch {
            logger.error("filtered feed failed", metadata: ["path": "\(relativePath)", "reason": "\(error)"])
            return .unavailable
        }
    }
}

extension Daemon {
    /// The scope of a feed folder (`""`, `categories/<slug>`, `sources/<id>`, `feeds/<id>`), with its keyword feed.
    static func scope(ofFolder folder: String, _ config: FinewsConfig) -> (FeedScope, KeywordFeed?)? {
        let parts = folder.split(separator: "/").map(String.init)
        switch parts.count == 2 ? parts[0] : "" {
        case "categories": return (.category(parts[1]), nil)
        case "sources": return (.source(parts[1]), nil)
        case "feeds":
            guard let feed = config.keywordFeeds.first(where: { $0.id == parts[1] }) else { return nil }
            return (Publisher.scope(of: feed), feed)
        default: return parts.isEmpty ? (.all, nil) : nil
        }
    }

    static func loadCandidates(_ scope: FeedScope, _ keywordFeed: KeywordFeed?, config: FinewsConfig,
                               archive: any ArchiveStore) throws -> [Article] {
        let window = config.filterWindow, onePerStory = config.feed.onePerStory
        if let keywordFeed {
            return try archive.latestArticles(scope, limit: window, onePerStory: onePerStory,
                                              window: Publisher.keywordWindow, where: keywordFeed.matches)
        }
        return try archive.filterCandidates(scope, limit: window, onePerStory: onePerStory)
    }

    /// After a publish, the candidates of the feeds that were filtered before are read again at once, in
    /// the background, so the first filtered request after a publish finds them in memory; after a first
    /// filtered request on a feed, that feed's (`folder`).
    func warmFilterCandidates(_ folder: String? = nil) {
        let folders = folder.map { [$0] } ?? filterCandidates.folders
        guard !folders.isEmpty else { return }
        let config = self.config, archive = self.archive, generation = publishGeneration(), cache = filterCandidates
        Task.detached(priority: .utility) {
            for folder in folders {
                guard let (scope, keywordFeed) = Self.scope(ofFolder: folder, config) else { continue }
                // A failed warm-up is not an error: the next request reads them again and reports it.
                _ = try? cache.articles(folder, generation: generation) { () throws in
                    try Self.loadCandidates(scope, keywordFeed, config: config, archive: archive)
                }
            }
        }
    }
}

/// The candidates of filtered requests per feed folder, for one publish generation. A handful of
/// folders are kept (a new one past the bound starts the table over), each at most `filter_window`
/// articles.
final class FilterCandidates: Sendable {
    static let maximumFolders = 16
    private let table = Mutex<[String: (generation: Int, articles: [Article])]>([:])

    /// The folders whose candidates were asked for, newest generation or not.
    var folders: [String] { table.withLock { Array($0.keys) } }

    /// The folder's candidates if they are in memory for this generation.
    func cached(_ folder: String, generation: Int) -> [Article]? {
        table.withLock { table in table[folder].flatMap { $0.generation == generation ? $0.articles : nil } }
    }

    func articles(_ folder: String, generation: Int, load: () throws -> [Article]) throws -> [Article] {
        if let hit = cached(folder, generation: generation) { return hit }
        let articles = try load()
        table.withLock { table in
            if table[folder] == nil && table.count >= Self.maximumFolders {
                table = table.filter { $0.value.generation == generation }
                if table.count >= Self.maximumFolders { table.removeAll() }
            }
            table[folder] = (generation, articles)
        }
        return articles
    }
}
