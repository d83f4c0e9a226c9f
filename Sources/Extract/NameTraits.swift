import Markup

/// What the extractor asks of an element's name, worked out once per distinct name of a page: every
/// stage asked each element "is it a block, a link, invisible…" by looking its name up in sets of
/// strings, which for pages of thousands of elements was a real part of the time.
struct NameTraits: OptionSet {
    let rawValue: UInt32

    /// A block for scoring (`BodyScorer.blocks`).
    static let scoringBlock = NameTraits(rawValue: 1 << 0)
    /// A block that ends a line of the body's text (`BodyMarkup.blocks`).
    static let lineBlock = NameTraits(rawValue: 1 << 1)
    /// Written without a closing tag (`BodyMarkup.voidElements`).
    static let void = NameTraits(rawValue: 1 << 2)
    /// A name HTML can write back (`BodyMarkup.isName`).
    static let writable = NameTraits(rawValue: 1 << 3)
    /// Never seen by a reader (`TextStatistics.invisible`).
    static let invisible = NameTraits(rawValue: 1 << 4)
    static let link = NameTraits(rawValue: 1 << 5)
    /// `html` or `body`, which a page's attributes cannot hide.
    static let documentRoot = NameTraits(rawValue: 1 << 6)
    static let article = NameTraits(rawValue: 1 << 7)
    /// Text blocks and table parts, never post units (`PostUnits.paragraphs`).
    static let postText = NameTraits(rawValue: 1 << 8)
    /// Inline wrappers around a teaser's date (`Boilerplate.inline`).
    static let inline = NameTraits(rawValue: 1 << 9)
    /// Blocks that are widgets inside a heading (`PageMetadata.notPhrasing`).
    static let notPhrasing = NameTraits(rawValue: 1 << 10)
    static let paragraph = NameTraits(rawValue: 1 << 11)
    /// Elements `PageMetadata` reads.
    static let titleTag = NameTraits(rawValue: 1 << 12)
    static let meta = NameTraits(rawValue: 1 << 13)
    static let input = NameTraits(rawValue: 1 << 14)
    static let linkTag = NameTraits(rawValue: 1 << 15)
    static let script = NameTraits(rawValue: 1 << 16)
    /// `h1`, `h2`, `h3`.
    static let heading = NameTraits(rawValue: 1 << 17)
    static let time = NameTraits(rawValue: 1 << 18)

    init(rawValue: UInt32) { self.rawValue = rawValue }

    init(name: String) {
        var traits: NameTraits = []
        if BodyScorer.blocks.contains(name) { traits.insert(.scoringBlock) }
        if BodyMarkup.blocks.contains(name) { traits.insert(.lineBlock) }
        if BodyMarkup.voidElements.contains(name) { traits.insert(.void) }
        if BodyMarkup.isName(name) { traits.insert(.writable) }
        if TextStatistics.invisible.contains(name) { traits.insert(.invisible) }
        if name == "a" { traits.insert(.link) }
        if name == "html" || name == "body" { traits.insert(.documentRoot) }
        if name == "article" { traits.insert(.article) }
        if PostUnits.paragraphs.contains(name) { traits.insert(.postText) }
        if Boilerplate.inline.contains(name) { traits.insert(.inline) }
        if PageMetadata.notPhrasing.contains(name) { traits.insert(.notPhrasing) }
        if name == "p" { traits.insert(.paragraph) }
        switch name {
        case "title": traits.insert(.titleTag)
        case "meta": traits.insert(.meta)
        case "input": traits.insert(.input)
        case "link": traits.insert(.linkTag)
        case "script": traits.insert(.script)
        case "h1", "h2", "h3": traits.insert(.heading)
        case "time": traits.insert(.time)
        default: break
        }
        self = traits
    }

    /// Traits of names already met on a page: templates use a few dozen names thousands of times.
    struct Memo {
        private var known: [String: NameTraits] = [:]

        mutating func traits(of name: String) -> NameTraits {
            if let found = known[name] { return found }
            let found = NameTraits(name: name)
            known[name] = found
            return found
        }
    }
}
