import Foundation
import Subscribe
import Yams

// The configuration of what readers subscribe to: keyword feeds (`feeds:`) and per-source keep and
// block rules (`keep:` / `block:`).

extension KeywordFeed {
    static func readAll(_ nodes: [Node], file: String, sources: [SourceConfig]) throws(ConfigError) -> [KeywordFeed] {
        var feeds: [KeywordFeed] = []
        for (index, node) in nodes.enumerated() {
            var entry = try ConfigMapping(node, path: "feeds[\(index)]", file: file)
            let id = try entry.requiredString("id")
            guard SourceConfig.isValidID(id) else {
                throw .invalidValue(file: file, line: entry.line(of: "id"), key: entry.keyPath("id"),
                                    reason: "'\(id)' must be lowercase letters, digits, '-' or '_' (it names the folder feeds/\(id)/)")
            }
            guard !feeds.contains(where: { $0.id == id }) else {
                throw .invalidValue(file: file, line: entry.line(of: "id"), key: entry.keyPath("id"), reason: "duplicate feed id '\(id)'")
            }
            let title = try entry.requiredString("title")
            let include = try entry.patterns("include")
            let exclude = try entry.patterns("exclude")
            let sourceIDs = try entry.strings("sources") ?? []
            for sourceID in sourceIDs where !sources.contains(where: { $0.id == sourceID }) {
                throw .invalidValue(file: file, line: entry.line(of: "sources"), key: entry.keyPath("sources"),
                                    reason: "no source '\(sourceID)' in the configuration")
            }
            let categories = try entry.strings("categories") ?? []
            try entry.rejectUnknownKeys()
            feeds.append(KeywordFeed(id: id, title: title, include: include, exclude: exclude, sources: sourceIDs,
                                     categories: categories))
        }
        return feeds
    }
}

extension ItemRules {
    /// `keep:` and `block:` of a source: each a list of patterns (matched on title or body) or of
    /// one-key mappings naming the part: `title`, `body`, `author` or `link`.
    static func read(_ entry: inout ConfigMapping) throws(ConfigError) -> ItemRules {
        ItemRules(keep: try rules(&entry, "keep"), block: try rules(&entry, "block"))
    }

    private static func rules(_ entry: inout ConfigMapping, _ key: String) throws(ConfigError) -> [ItemRule] {
        guard let nodes = try entry.sequence(key) else { return [] }
        var rules: [ItemRule] = []
        for (index, node) in nodes.enumerated() {
            let path = entry.keyPath("\(key)[\(index)]")
            var field = ItemRule.Field.any
            var text: String
            switch node {
            case .scalar(let scalar):
                text = scalar.string
            case .mapping(let mapping):
                guard mapping.count == 1, let (name, value) = mapping.first.map({ ($0.key.string ?? "", $0.value) }),
                      let named = ItemRule.Field(rawValue: name), case .scalar(let scalar) = value else {
                    throw .wrongType(file: entry.file, line: node.mark?.line, key: path,
                                     expected: "a pattern, or one of title, body, author, link with a pattern (title: 广告)")
                }
                field = named
                text = scalar.string
            default:
                throw .wrongType(file: entry.file, line: node.mark?.line, key: path, expected: "a pattern or a mapping")
            }
            do {
                rules.append(try ItemRule(field: field, pattern: text))
            } catch {
                throw .invalidValue(file: entry.file, line: node.mark?.line, key: path, reason: error.description)
            }
        }
        return rules
    }
}

extension ConfigMapping {
    /// A list of patterns, each compiled now so a bad one stops the configuration with its line.
    mutating func patterns(_ key: String) throws(ConfigError) -> [Pattern] {
        guard let nodes = try sequence(key) else { return [] }
        var patterns: [Pattern] = []
        for (index, node) in nodes.enumerated() {
            guard case .scalar(let scalar) = node else {
                throw .wrongType(file: file, line: node.mark?.line, key: keyPath(key), expected: "a list of patterns")
            }
            do {
                patterns.append(try Pattern(scalar.string))
            } catch {
                throw .invalidValue(file: file, line: node.mark?.line, key: keyPath("\(key)[\(index)]"), reason: error.description)
            }
        }
        return patterns
    }
}
