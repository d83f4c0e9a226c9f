/// A source's `keep:` and `block:` rules (miniflux's keep and block lists): items a rule turns away are
/// dropped before they are stored, as if the source had never listed them.
public struct ItemRules: Sendable, Equatable {
    /// When not empty, an item must match one of these to be kept.
    public var keep: [ItemRule]
    /// An item matching any of these is dropped, even when a keep rule matched.
    public var block: [ItemRule]

    public init(keep: [ItemRule] = [], block: [ItemRule] = []) {
        self.keep = keep
        self.block = block
    }

    public var isEmpty: Bool { keep.isEmpty && block.isEmpty }

    public func admits(_ item: ItemFields) -> Bool {
        if !keep.isEmpty && !keep.contains(where: { $0.matches(item) }) { return false }
        return !block.contains { $0.matches(item) }
    }

    /// The items the rules admit, in order, and how many they turned away.
    public func apply<Item>(_ items: [Item], _ fields: (Item) -> ItemFields) -> (kept: [Item], skipped: Int) {
        guard !isEmpty else { return (items, 0) }
        let kept = items.filter { admits(fields($0)) }
        return (kept, items.count - kept.count)
    }
}

/// What keep and block rules look at in an item, after the refresh made its plain text.
public struct ItemFields: Sendable {
    public var title: String
    public var text: String
    public var author: String?
    public var outlet: String?
    public var link: String?

    public init(title: String, text: String, author: String? = nil, outlet: String? = nil, link: String? = nil) {
        self.title = title
        self.text = text
        self.author = author
        self.outlet = outlet
        self.link = link
    }
}

/// One pattern on one part of an item. Patterns are RE2 expressions, case-sensitive unless they start
/// with `(?i)`, with Chinese characters matching in either script.
public struct ItemRule: Sendable, Equatable {
    public enum Field: String, Sendable, CaseIterable {
        /// Title or body.
        case any
        case title, body, author, link
    }

    public let field: Field
    public let pattern: Pattern

    public init(field: Field, pattern: String) throws(PatternError) {
        self.field = field
        self.pattern = try Pattern(pattern)
    }

    /// The body is matched as plain text (the refresh has made it by then), never as markup.
    public func matches(_ item: ItemFields) -> Bool {
        switch field {
        case .any: pattern.matches(item.title) || pattern.matches(item.text)
        case .title: pattern.matches(item.title)
        case .body: pattern.matches(item.text)
        case .author: pattern.matches(any: [item.author, item.outlet].compactMap { $0 })
        case .link: pattern.matches(item.link ?? "")
        }
    }

    public static func == (left: ItemRule, right: ItemRule) -> Bool {
        left.field == right.field && left.pattern.source == right.pattern.source
    }
}
