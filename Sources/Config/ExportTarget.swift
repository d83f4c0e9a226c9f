import Foundation

/// A folder of posts kept up to date after every refresh (`export:`), the seed script's job: Jekyll
/// or Hexo posts for a static site.
public struct ExportTarget: Sendable, Equatable {
    public enum Style: String, Sendable, Equatable, CaseIterable {
        /// `_posts/YYYY-MM-DD-<item id>.md`, `layout: post`, pinyin category of the outlet, `<outlet>新闻` tag.
        case jekyll
        /// `source/_posts/YYYY-MM-DD-<item id>.md`, categories as a list, author, headimg and thumbnail.
        case hexo
    }

    public var style: Style
    /// The site's root folder.
    public var folder: URL
    /// Only these sources; nil: all.
    public var sources: [String]?
    /// Only articles published (or first seen) within this many seconds; nil: all.
    public var maxAge: TimeInterval?
    /// The site's address for the `[返回…]` navigation line under each Jekyll post (`//example.com`);
    /// nil: no navigation line.
    public var siteURL: String?

    public init(style: Style, folder: URL, sources: [String]? = nil, maxAge: TimeInterval? = nil, siteURL: String? = nil) {
        self.style = style
        self.folder = folder
        self.sources = sources
        self.maxAge = maxAge
        self.siteURL = siteURL
    }
}

extension ExportTarget {
    static func readAll(_ top: inout ConfigMapping, folder: URL, sourceIDs: [String]) throws(ConfigError) -> [ExportTarget] {
        guard let nodes = try top.sequence("export") else { return [] } // no export
        var targets: [ExportTarget] = []
        for (index, node) in nodes.enumerated() {
            var entry = try ConfigMapping(node, path: "export[\(index)]", file: top.file)
            let name = try entry.requiredString("style")
            guard let style = Style(rawValue: name) else {
                throw entry.invalid("style", "'\(name)' must be jekyll or hexo")
            }
            var target = ExportTarget(style: style, folder: FinewsConfig.resolve(try entry.requiredString("path"), against: folder))
            target.sources = try entry.strings("sources") // all sources
            for id in target.sources ?? [] where !sourceIDs.contains(id) {
                throw entry.invalid("sources", "no source '\(id)' is configured")
            }
            target.maxAge = try entry.duration("max_age") // all articles
            target.siteURL = try entry.string("site_url") // no navigation line
            try entry.rejectUnknownKeys()
            targets.append(target)
        }
        return targets
    }
}
