import Markup

/// What a reader sees of a small piece of HTML, read by adapters that need words before the
/// preparation stage runs: a feed title written with markup, the first sentence of a body that comes
/// without a title (flash news, 快讯). Bodies themselves are sanitized and turned into text by the
/// refresh's preparation stage, once.
enum VisibleText {
    /// All visible text, white space collapsed to single spaces.
    static func of(html: String) -> String {
        // By byte: String's contains(_:) with Foundation imported is NSString's range(of:), once per feed item.
        guard html.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) else { return collapsed(html) }
        return collapsed(lines(of: html, limit: .max).joined(separator: " "))
    }

    /// The visible text, one line per block.
    static func plainText(ofHTML html: String) -> String {
        lines(of: html, limit: .max).joined(separator: "\n")
    }

    /// The first sentence of the first line, cut to 60 characters: a headline for an untitled item.
    static func headline(ofHTML html: String) -> String? {
        guard let line = lines(of: html, limit: 1).first else { return nil }
        let sentence = line.split(whereSeparator: { "。！？".contains($0) }).first.map(String.init) ?? line
        return sentence.count > 60 ? String(sentence.prefix(60)) + "…" : sentence
    }

    static let hidden: Set<String> = ["script", "style", "template", "noscript", "head", "title", "textarea", "select"]
    static let blocks: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
        "tr", "td", "th", "section", "article", "header", "footer", "figure", "figcaption", "hr", "dd", "dt",
    ]

    /// Lines of text as blocks separate them, at most `limit` non-empty ones.
    private static func lines(of html: String, limit: Int) -> [String] {
        guard let document = try? Document(htmlText: html) else { return [] }
        let tree = FlatTree(document: document)
        var lines: [String] = []
        var current = ""
        var currentBlock = -2
        func finish() {
            let line = collapsed(current)
            if !line.isEmpty { lines.append(line) }
            current = ""
        }
        var index = 0
        while index < tree.count, lines.count < limit {
            switch tree.kinds[index] {
            case .element where hidden.contains(tree.names[index]):
                index = Int(tree.subtreeEnd[index])
                continue
            case .element where tree.names[index] == "br":
                finish()
                currentBlock = -2
            case .text:
                let block = nearestBlock(of: index, in: tree)
                if block != currentBlock { finish(); currentBlock = block }
                current += tree.texts[index]
            default:
                break
            }
            index += 1
        }
        if lines.count < limit { finish() }
        return Array(lines.prefix(limit))
    }

    private static func nearestBlock(of index: Int, in tree: FlatTree) -> Int {
        var parent = Int(tree.parents[index])
        while parent >= 0, !blocks.contains(tree.names[parent]) { parent = Int(tree.parents[parent]) }
        return parent
    }

    private static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
