/// The element allowlist of issue 4 and how every other element is treated.
enum ElementRole: Sendable {
    /// Script-like, form-like and embedding elements: gone with everything inside them.
    case dropped
    /// An allowed element that holds only phrasing content: `p`, headings, `pre`.
    case textBlock(tag: String)
    /// An allowed element that holds flow content: `blockquote`, `figure` (inline runs get a `<p>`).
    case section(tag: String)
    /// An allowed element that may mix text and blocks: `li`, `td`, `th`, `figcaption`.
    case cell(tag: String)
    case list(tag: String)
    case table
    case tableSection(tag: String)
    case row
    /// An allowed phrasing element: `strong`, `b`, `em`, `i`, `u`, `s`, `code`, `a`.
    case inline(tag: String)
    case lineBreak
    case image
    /// Not allowed but its content is: a block boundary (`div`, `section`, `center`, …).
    case transparentBlock
    /// Not allowed but its content is, inline (`span`, `font`, …).
    case transparentInline
}

enum HTMLPolicy {
    static let dropped: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "param", "form",
        "input", "button", "select", "option", "optgroup", "textarea", "datalist", "output", "keygen",
        "noscript", "noembed", "noframes", "template", "svg", "math", "canvas", "audio", "video", "source",
        "track", "map", "area", "head", "title", "meta", "link", "base", "basefont", "bgsound", "xmp",
        "plaintext", "listing", "nav", "dialog", "menu", "portal", "slot", "marquee", "blink", "xml",
        "comment", "fencedframe", "search",
    ]

    static let transparentBlocks: Set<String> = [
        "html", "body", "div", "section", "article", "main", "header", "footer", "aside", "center",
        "address", "hgroup", "details", "summary", "fieldset", "legend", "dl", "dt", "dd", "hr", "caption",
        "tfoot", "colgroup", "col", "picture", "center", "multicol", "dir",
    ]

    static func role(of name: String) -> ElementRole {
        switch name {
        case "p": .textBlock(tag: "p")
        case "h1", "h2": .textBlock(tag: "h2")
        case "h3", "h4", "h5", "h6", "pre": .textBlock(tag: name)
        case "blockquote", "figure": .section(tag: name)
        case "li", "td", "th", "figcaption": .cell(tag: name)
        case "ul", "ol": .list(tag: name)
        case "table": .table
        case "thead", "tbody": .tableSection(tag: name)
        case "tr": .row
        case "strong", "b", "em", "i", "u", "s", "code", "a": .inline(tag: name)
        case "br": .lineBreak
        case "img": .image
        default:
            if dropped.contains(name) { .dropped }
            else if transparentBlocks.contains(name) { .transparentBlock }
            else if name.isEmpty { .dropped }
            else { .transparentInline }
        }
    }
}
