import Model

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

    public func admits(_ draft: ArticleDraft) -> Bool {
        if !keep.isEmpty && !keep.contains(where: { $0.matches(draft) }) { return false }
        return !block.contains { $0.matches(draft) }
    }

    /// The drafts the rules admit, in order, and how many they turned away.
    public func apply(_ drafts: [ArticleDraft]) -> (kept: [ArticleDraft], skipped: Int) {
        guard !isEmpty else { return (drafts, 0) }
        let kept = drafts.filter(admits)
        return (kept, drafts.count - kept.count)
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
    public func matches(_ draft: ArticleDraft) -> Bool {
        switch field {
        case .any: pattern.matches(draft.title) || pattern.matches(draft.contentText)
        case .title: pattern.matches(draft.title)
        case .body: pattern.matches(draft.contentText)
        case .author: pattern.matches(any: [draft.author, draft.outlet].compactMap { $0 })
        case .link: pattern.matches(draft.link ?? "")
        }
    }

    public static func == (left: ItemRule, right: ItemRule) -> Bool {
        left.field == right.field && left.pattern.source == right.pattern.source
    }
}
