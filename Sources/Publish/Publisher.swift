import Config
import Foundation
import Model
import Store
import Subscribe
import Synchronization

/// Renders every feed and the change log from the archive into the output folder.
public struct Publisher: Sendable {
    public let archive: any ArchiveStore
    public let output: OutputFolder
    public let settings: FeedSettings
    public let context: FeedContext
    /// Source titles by id, for per-source feed titles.
    public let sourceTitles: [String: String]
    public let keywordFeeds: [KeywordFeed]
    /// Events logged per append. A first refresh of a large folder logs every article it stores; at
    /// 5,000 events a page the lines (about 760 bytes each: 3.8 MB, in a buffer grown by doubling and
    /// then copied into `Data`) were that refresh's peak of memory, 3-7 MiB above the rest of it. 500
    /// keep a page under half a megabyte; the extra queries walk the events' primary key.
    public var changeLogPage = 500

    public init(archive: any ArchiveStore, config: FinewsConfig) {
        self.archive = archive
        output = OutputFolder(root: config.output)
        settings = config.feed
        context = FeedContext(baseURL: config.feed.baseURL, language: config.feed.language, timeZone: config.timeZone)
        sourceTitles = Dictionary(config.sources.map { ($0.id, $0.title ?? $0.id) }, uniquingKeysWith: { a, _ in a })
        keywordFeeds = config.keywordFeeds
    }

    public enum Format: String, Sendable, CaseIterable {
        case rss, atom, json

        public var fileName: String {
            switch self {
            case .rss: "feed.xml"
            case .atom: "atom.xml"
            case .json: "feed.json"
            }
        }
    }

    /// Brings the output folder up to date with the archive. Only feeds that a change event touched
    /// since the last publish are rendered again, so the cost follows the feeds' size and the number of
    /// changes, not the archive's size; a missing or stale state (new folder, other settings) renders
    /// everything. Returns the paths (relative to the output folder) whose bytes changed.
    @discardableResult
    public func publish() throws -> [String] {
        output.removeStaleTemporaries()
        let state = PublishState.read(from: output)
        let newest = try archive.latestChanges(limit: 1).first
        let fallback = newest?.at ?? Date(timeIntervalSince1970: 0)
        var scopes: [FeedScope]
        var keywords: [KeywordFeed]
        if let state, state.settings == settingsFingerprint {
            guard let newest, newest.id > state.lastEventID else { return [] }
            let affected = try affectedScopes(after: state.lastEventID)
            scopes = [.all] + affected.scopes
            keywords = keywordFeeds.filter { affected.keywordFeeds.contains($0.id) }
        } else {
            scopes = [.all] + (try archive.categories().map { .category($0.slug) })
                + (try archive.sourceIDs().map { .source($0) })
            keywords = keywordFeeds
            try removeRetiredKeywordFeeds()
        }
        let batch = output.batch()
        defer { batch.discard() }
        // The change log first: the longest piece of work, it runs beside the feeds.
        let feeds = scopes.count + keywords.count
        let written = try inParallel(feeds + 2) { [scopes, keywords] job in
            if job == 0 { return try publishChangeLog(into: batch, fallbackUpdated: fallback) }
            if job == feeds + 1 {
                return try batch.write(OPMLRenderer.fileName, try opml()) ? [OPMLRenderer.fileName] : []
            }
            let index = job - 1
            let view = index < scopes.count ? try feedView(scopes[index], fallbackUpdated: fallback)
                : try keywordFeedView(keywords[index - scopes.count], fallbackUpdated: fallback)
            let entries = view.entries()
            var changed: [String] = []
            for format in Format.allCases {
                let path = view.folder + format.fileName
                if try batch.write(path, render(view, entries, format)) { changed.append(path) }
            }
            return changed
        }
        let changed = Array(written[1...].joined()) + written[0]
        try batch.commit()
        // After the batch's sync: the state never records a publish the disk does not hold.
        let next = PublishState(lastEventID: newest?.id ?? 0, settings: settingsFingerprint)
        if next != state { try next.write(to: output) }
        return changed
    }

    /// A publish's pieces of work (the feeds, the change log, the OPML) run on up to `workers`
    /// threads at once, each taking the next piece when done with one: a cold publish writes hundreds
    /// of feeds, and each one's reads (a reader connection of its own), rendering and file creation do
    /// not depend on the others. At most `workers` views are held at a time. Returns each piece's
    /// changed paths, in order; the first error stops the threads from taking further pieces and is
    /// thrown.
    private func inParallel(_ count: Int, _ body: @Sendable (Int) throws -> [String]) throws -> [[String]] {
        let results = Mutex<(changed: [[String]], error: (any Error)?)>((Array(repeating: [], count: count), nil))
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: min(count, Self.workers)) { _ in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < count, results.withLock({ $0.error == nil }) else { return }
                do {
                    let changed = try body(index)
                    results.withLock { $0.changed[index] = changed }
                } catch {
                    results.withLock { $0.error = $0.error ?? error }
                }
            }
        }
        return try results.withLock { results in
            if let error = results.error { throw error }
            return results.changed
        }
    }

    /// Threads publishing at once: the cores, at most 4.
    static let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4))

    /// Categories, sources and keyword feeds of the articles that changed after the given event. A new
    /// article touches the keyword feeds it matches; any other change touches every keyword feed that
    /// covers its source and categories, since the article may have matched before.
    private func affectedScopes(after eventID: Int64) throws -> (scopes: [FeedScope], keywordFeeds: Set<String>) {
        var categories: Set<String> = []
        var sources: Set<String> = []
        var keywords: Set<String> = []
        var visitedStories: Set<String> = []
        var after = eventID
        while true {
            let events = try archive.changes(after: after, limit: 5_000)
            guard let last = events.last else { break }
            for event in events {
                sources.insert(event.sourceID)
                guard let article = try archive.article(id: event.articleID) else { continue }
                categories.formUnion(article.categories.map(\.slug))
                for feed in keywordFeeds where !keywords.contains(feed.id) && feed.covers(article)
                    && (event.kind != .new || feed.matches(article)) {
                    keywords.insert(feed.id)
                }
                // A story's lead and its "also reported by" list show in other members' feeds too.
                if let story = article.storyID, visitedStories.insert(story).inserted {
                    let scopes = try archive.storyScopes(story)
                    categories.formUnion(scopes.categories)
                    sources.formUnion(scopes.sources)
                }
            }
            after = last.id
        }
        return (categories.sorted().map { .category($0) } + sources.sorted().map { .source($0) }, keywords)
    }

    /// Everything in the settings that shows in the output; when it changes, every feed is rendered again.
    var settingsFingerprint: String {
        Digest.sha256Hex([settings.title, settings.description, settings.baseURL, settings.language,
                          String(settings.items), String(settings.onePerStory), context.timeZone.identifier,
                          sourceTitles.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","),
                          PublishState.formatVersion, keywordFeeds.map(\.fingerprint).joined(separator: "\u{1C}")]
                            .joined(separator: "\u{1F}"))
    }

    public func render(_ view: FeedView, _ format: Format) -> Data {
        render(view, view.entries(), format)
    }

    func render(_ view: FeedView, _ entries: [FeedEntry], _ format: Format) -> Data {
        switch format {
        case .rss: RSSRenderer.render(view, entries, context)
        case .atom: AtomRenderer.render(view, entries, context)
        case .json: JSONFeedRenderer.render(view, entries, context)
        }
    }

    public func feedView(_ scope: FeedScope, fallbackUpdated: Date = Date(timeIntervalSince1970: 0)) throws -> FeedView {
        let articles = try archive.latestArticles(scope, limit: settings.items, onePerStory: settings.onePerStory)
        var view = self.view(scope, articles: articles, fallbackUpdated: fallbackUpdated)
        try addStories(to: &view)
        return view
    }

    /// A scope's feed around the given articles: its title, description and folder.
    public func view(_ scope: FeedScope, articles: [Article], fallbackUpdated: Date) -> FeedView {
        let view: FeedView
        switch scope {
        case .all:
            view = FeedView(title: settings.title, description: settings.description, folder: "",
                            articles: articles, fallbackUpdated: fallbackUpdated)
        case .category(let slug):
            let name = articles.lazy.flatMap(\.categories).first { $0.slug == slug }?.name ?? slug
            view = FeedView(title: "\(settings.title) · \(name)", description: "\(settings.description) — \(name)",
                            folder: "categories/\(slug)/", articles: articles, fallbackUpdated: fallbackUpdated)
        case .source(let id):
            let name = sourceTitles[id] ?? id
            view = FeedView(title: "\(settings.title) · \(name)", description: "\(settings.description) — \(name)",
                            folder: "sources/\(id)/", articles: articles, fallbackUpdated: fallbackUpdated)
        }
        return view
    }

    /// How many of the newest articles a keyword feed looks through for its entries.
    public static let keywordWindow = 10_000

    public func keywordFeedView(_ feed: KeywordFeed, fallbackUpdated: Date = Date(timeIntervalSince1970: 0)) throws -> FeedView {
        let articles = try archive.latestArticles(Self.scope(of: feed), limit: settings.items, onePerStory: settings.onePerStory,
                                                  window: Self.keywordWindow, where: feed.matches)
        var view = self.view(feed, articles: articles, fallbackUpdated: fallbackUpdated)
        try addStories(to: &view)
        return view
    }

    public func view(_ feed: KeywordFeed, articles: [Article], fallbackUpdated: Date) -> FeedView {
        FeedView(title: "\(settings.title) · \(feed.title)", description: "\(settings.description) — \(feed.title)",
                 folder: feed.folder, articles: articles, fallbackUpdated: fallbackUpdated)
    }

    /// The scope a keyword feed walks: one source's or one category's index when it names just that.
    public static func scope(of feed: KeywordFeed) -> FeedScope {
        switch (feed.sources.count, feed.categories.count) {
        case (1, 0): .source(feed.sources[0])
        case (0, 1): .category(Category(name: feed.categories[0]).slug)
        default: .all
        }
    }

    /// A keyword feed taken out of the configuration leaves no stale files behind: its three files go
    /// (and its folder when nothing else is in it). Only the feed files finews writes are touched.
    private func removeRetiredKeywordFeeds() throws(PublishError) {
        let folder = output.url("feeds")
        guard let ids = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for id in ids where !id.hasPrefix(".") && !keywordFeeds.contains(where: { $0.id == id }) {
            let feed = folder.appendingPathComponent(id)
            for format in Format.allCases {
                try output.remove("feeds/\(id)/" + format.fileName)
            }
            if (try? FileManager.default.contentsOfDirectory(atPath: feed.path))?.isEmpty == true {
                try? FileManager.default.removeItem(at: feed)
            }
        }
    }

    /// "Also reported by" for each story lead of the view.
    public func addStories(to view: inout FeedView) throws {
        guard settings.onePerStory else { return }
        for article in view.articles where article.isStoryLead {
            guard let story = article.storyID else { continue }
            view.alsoReportedBy[article.id] = try archive.storyMembers(story, except: article.id)
        }
    }

    /// Every feed this folder publishes, as OPML for a reader to import.
    public func opml() throws -> Data {
        var feeds = [OPMLRenderer.Feed(title: settings.title, folder: "")]
        for category in try archive.categories() {
            feeds.append(.init(title: "\(settings.title) · \(category.name)", folder: "categories/\(category.slug)/"))
        }
        for id in try archive.sourceIDs() {
            feeds.append(.init(title: "\(settings.title) · \(sourceTitles[id] ?? id)", folder: "sources/\(id)/"))
        }
        for feed in keywordFeeds {
            feeds.append(.init(title: "\(settings.title) · \(feed.title)", folder: feed.folder))
        }
        return OPMLRenderer.render(title: settings.title, feeds: feeds, context)
    }

    private func publishChangeLog(into batch: OutputBatch, fallbackUpdated: Date) throws -> [String] {
        var changed: [String] = []
        let logURL = output.url("changes.jsonl")
        var lastLogged = ChangeLog.lastLoggedID(in: ChangeLog.tail(of: logURL))
        while true {
            let events = try archive.changes(after: lastLogged, limit: changeLogPage)
            guard let last = events.last else { break }
            try output.append("changes.jsonl", ChangeLog.lines(events, context))
            lastLogged = last.id
            if !changed.contains("changes.jsonl") { changed.append("changes.jsonl") }
        }
        let recent = try archive.latestChanges(limit: settings.items)
        let atom = ChangeLog.atom(recent, title: "\(settings.title) · changes", context, fallbackUpdated: fallbackUpdated)
        if try batch.write("changes.atom", atom) { changed.append("changes.atom") }
        return changed
    }
}
