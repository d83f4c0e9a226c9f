import Model
import Foundation
import Subscribe
import Yams

extension FinewsConfig {
    /// Where to find the configuration: `--config`, else `$FINEWS_CONFIG`, else `./config/finews.yaml`
    /// when present, else `/etc/finews/finews.yaml`.
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                              currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        -> URL {
        if let explicit { return URL(fileURLWithPath: explicit, relativeTo: currentDirectory).standardizedFileURL }
        if let fromEnvironment = environment["FINEWS_CONFIG"], !fromEnvironment.isEmpty {
            return URL(fileURLWithPath: fromEnvironment, relativeTo: currentDirectory).standardizedFileURL
        }
        let local = currentDirectory.appendingPathComponent("config/finews.yaml")
        if FileManager.default.fileExists(atPath: local.path) { return local }
        return URL(fileURLWithPath: "/etc/finews/finews.yaml")
    }

    public static func load(from file: URL) throws(ConfigError) -> FinewsConfig {
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw .unreadable(file: file.path, reason: (error as NSError).localizedDescription)
        }
        return try parse(text, file: file)
    }

    /// Validates everything before returning: a config either loads whole or not at all.
    public static func parse(_ text: String, file: URL) throws(ConfigError) -> FinewsConfig {
        let name = file.path
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigError.missingKey(file: name, line: nil, key: "sources")
            }
            root = node
        } catch let error as ConfigError {
            throw error
        } catch let YamlError.scanner(_, problem, mark, _), let YamlError.parser(_, problem, mark, _),
                let YamlError.composer(_, problem, mark, _) {
            throw .yaml(file: name, line: mark.line, column: mark.column, problem: problem)
        } catch {
            throw .yaml(file: name, line: nil, column: nil, problem: "\(error)")
        }
        var top = try ConfigMapping(root, path: "", file: name)
        let folder = file.deletingLastPathComponent()
        let database = try top.string("database") ?? "var/finews.sqlite"
        let output = try top.string("output") ?? "public"
        let zoneName = try top.string("time_zone") ?? defaultTimeZone
        guard let zone = TimeZone(identifier: zoneName) else {
            throw .invalidValue(file: name, line: top.line(of: "time_zone"), key: "time_zone",
                                reason: "unknown time zone '\(zoneName)' (use an IANA name such as Asia/Shanghai)")
        }
        let feed = try FeedSettings.read(top.mapping("feed"))
        let http = try FetchPolicy.read(top.mapping("http"), folder: folder)
        let recheck = try top.durations("recheck")
        var aliases: [String: String] = [:]
        if var mapping = try top.mapping("host_aliases") {
            for (key, _) in mapping.mapping {
                guard let host = key.string, let target = try mapping.string(host) else { continue }
                aliases[host.lowercased()] = target.lowercased()
            }
        }
        let server = try ServerSettings.read(top.mapping("server"))
        let stateDirectory = try top.string("state_dir").map { resolve($0, against: folder) }
        var sources = try readSources(&top, folder: folder)
        if let opml = try top.string("opml") {
            sources += try OPMLSubscriptions.read(resolve(opml, against: folder), existing: sources)
        }
        let keywordFeeds = try KeywordFeed.readAll(try top.sequence("feeds") ?? [], file: name, sources: sources)
        let filterWindow = try top.int("filter_window", in: 1...100_000)
        let exports = try ExportTarget.readAll(&top, folder: folder, sourceIDs: sources.map(\.id))
        try top.rejectUnknownKeys()
        let databaseLocation: URL
        if FinewsConfig.isPostgresURL(database) {
            // postgresql://user@host:port/db; what it leaves out comes from the PG* environment variables.
            guard let url = URL(string: database) else {
                throw .invalidValue(file: name, line: top.line(of: "database"), key: "database",
                                    reason: "'\(database)' is not a PostgreSQL URL (postgresql://user@host:5432/database)")
            }
            databaseLocation = url
        } else {
            databaseLocation = resolve(database, against: folder)
        }
        var config = FinewsConfig(file: file, database: databaseLocation,
                                  output: resolve(output, against: folder), feed: feed, timeZone: zone, sources: sources,
                                  server: server, stateDirectory: stateDirectory)
        config.http = http
        if let recheck { config.recheck = recheck }
        config.hostAliases = aliases
        config.keywordFeeds = keywordFeeds
        if let filterWindow { config.filterWindow = filterWindow }
        config.exports = exports
        return config
    }

    private static func readSources(_ top: inout ConfigMapping, folder: URL) throws(ConfigError) -> [SourceConfig] {
        guard let nodes = try top.sequence("sources") else {
            // An OPML subscription list can stand in for the list of sources.
            if top.mapping.contains(where: { $0.key.string == "opml" }) { return [] }
            throw .missingKey(file: top.file, line: top.line, key: "sources")
        }
        var sources: [SourceConfig] = []
        for (index, written) in nodes.enumerated() {
            let (node, recipe) = try SourceConfig.expandingRecipe(written, path: "sources[\(index)]", file: top.file)
            var entry = try ConfigMapping(node, path: "sources[\(index)]", file: top.file)
            var source = try SourceConfig.read(&entry, folder: folder)
            source.recipe = recipe
            if sources.contains(where: { $0.id == source.id }) {
                throw .duplicateSourceID(file: top.file, line: entry.line(of: "id"), id: source.id)
            }
            try entry.rejectUnknownKeys()
            sources.append(source)
        }
        return sources
    }

    static func resolve(_ path: String, against folder: URL) -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        return URL(fileURLWithPath: expanded, relativeTo: folder).standardizedFileURL
    }
}

extension FeedSettings {
    static func read(_ mapping: ConfigMapping?) throws(ConfigError) -> FeedSettings {
        var settings = FeedSettings()
        guard var mapping else { return settings }
        if let title = try mapping.string("title") { settings.title = title }
        if let description = try mapping.string("description") { settings.description = description }
        if let base = try mapping.string("base_url") {
            guard let url = URL(string: base), ["http", "https"].contains(url.scheme?.lowercased() ?? "") else {
                throw .invalidValue(file: mapping.file, line: mapping.line(of: "base_url"), key: "feed.base_url",
                                    reason: "must be an http or https URL")
            }
            settings.baseURL = base.hasSuffix("/") ? base : base + "/"
        }
        if let items = try mapping.int("items", in: 1...10_000) { settings.items = items }
        if let language = try mapping.string("language") { settings.language = language }
        if let stories = try mapping.string("stories") {
            guard stories == "one" || stories == "all" else {
                throw .invalidValue(file: mapping.file, line: mapping.line(of: "stories"), key: "feed.stories",
                                    reason: "must be 'one' (one entry per story) or 'all'")
            }
            settings.onePerStory = stories == "one"
        }
        try mapping.rejectUnknownKeys()
        return settings
    }
}

extension SourceConfig {
    static func read(_ entry: inout ConfigMapping, folder: URL) throws(ConfigError) -> SourceConfig {
        let id = try entry.requiredString("id")
        guard isValidID(id) else {
            throw .invalidValue(file: entry.file, line: entry.line(of: "id"), key: entry.keyPath("id"),
                                reason: "'\(id)' must be lowercase letters, digits, '-' or '_' (it names URLs and folders)")
        }
        let kindName = try entry.requiredString("kind")
        guard let kind = SourceKind(rawValue: kindName) else {
            throw .invalidValue(file: entry.file, line: entry.line(of: "kind"), key: entry.keyPath("kind"),
                                reason: "unknown kind '\(kindName)' (expected one of: "
                                    + SourceKind.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        var source = SourceConfig(id: id, kind: kind)
        source.title = try entry.string("title")
        if let enabled = try entry.bool("enabled") { source.enabled = enabled }
        if let interval = try entry.duration("interval") { source.interval = interval }
        if let policy = try entry.string("id_policy") {
            guard let parsed = IDPolicy(policy) else {
                throw .invalidValue(file: entry.file, line: entry.line(of: "id_policy"), key: entry.keyPath("id_policy"),
                                    reason: "'\(policy)' must be auto, link, title_date or query:NAME")
            }
            source.idPolicy = parsed
        }
        source.rules = try ItemRules.read(&entry)
        switch kind {
        case .files:
            let path = try entry.requiredString("path")
            let url = FinewsConfig.resolve(path, against: folder)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue else {
                throw .invalidValue(file: entry.file, line: entry.line(of: "path"), key: entry.keyPath("path"),
                                    reason: "no folder at \(url.path)")
            }
            source.path = url
        case .feed:
            source.url = try entry.httpURL("url")
        case .json:
            source.url = try entry.requestURL("url")
            source.json = try JSONSourceOptions.read(&entry)
        case .html:
            source.url = try entry.httpURL("url")
            source.html = try HTMLSourceOptions.read(&entry)
        }
        return source
    }

    /// Ids name URLs (`/sources/<id>/`) and folders, so they stay plain.
    static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, id.count <= 64,
              CharacterSet.lowercaseLetters.contains(first) || ("0"..."9").contains(first) else { return false }
        return id.unicodeScalars.allSatisfy { $0.isASCII && ("a"..."z" ~= $0 || "0"..."9" ~= $0 || $0 == "-" || $0 == "_") }
    }
}
