import Markup

/// The body as chosen: the root the output is read from, the children of the root that are kept when
/// siblings were merged around the best block, and subtrees left out (a list of comments or replies).
struct BodyChoice {
    var root: Int
    /// Element children of `root` to keep; nil keeps them all.
    var kept: Set<Int>?
    var excluded: [Int] = []
}

extension BodyScorer {
    /// The body: the best-scoring block, narrowed to one post when it holds a run of posts, and widened
    /// to the prose siblings around it.
    func choose() -> BodyChoice? {
        guard let block = best() else { return nil }
        if let posts = PostUnits.find(in: block, tree: tree, stats: stats, attributes: attributes) {
            return choice(among: posts, in: block)
        }
        return mergingSiblings(of: block)
    }

    /// Units of one shape with their own time or author line (comments, forum replies, the posts of an
    /// archive) hold prose each, so the best block climbs to their shared parent. The unit the title
    /// heads is the article; with the title before them and prose between, the units follow an article
    /// (comments) and are left out; otherwise the first unit, the one right after the title, is kept.
    private func choice(among posts: PostUnits, in block: Int) -> BodyChoice {
        if let heading, let unit = posts.units.first(where: { $0 <= heading && heading < Int(tree.subtreeEnd[$0]) }) {
            return BodyChoice(root: best(in: unit..<Int(tree.subtreeEnd[unit])) ?? unit)
        }
        let first = posts.units[0]
        // Prose from the title (or the block's start, when the title is elsewhere) to the units.
        let from = heading.flatMap { $0 < posts.parent ? Int(tree.subtreeEnd[$0]) : nil } ?? block
        if proseBetween(from: max(from, block), to: posts.parent) {
            let parentScore = score[posts.parent]
            let parentEnd = Int(tree.subtreeEnd[posts.parent])
            var root = block
            var rootScore = -Double.infinity
            for index in block..<Int(tree.subtreeEnd[block]) where tree.kinds[index] == .element && !stats.hidden[index] {
                if index >= posts.parent && index < parentEnd { continue }
                let holdsPosts = index < posts.parent && posts.parent < Int(tree.subtreeEnd[index])
                let adjusted = score[index] - (holdsPosts ? parentScore : 0)
                if adjusted >= rootScore {
                    root = index
                    rootScore = adjusted
                }
            }
            return BodyChoice(root: root, excluded: [posts.parent])
        }
        return BodyChoice(root: best(in: first..<Int(tree.subtreeEnd[first])) ?? first)
    }

    /// Whether an article stands between the title and the units: sentences outside links, more than
    /// a byline or a toolbar holds.
    private func proseBetween(from start: Int, to parent: Int) -> Bool {
        var characters: Int32 = 0
        var index = start
        while index < parent {
            if tree.kinds[index] == .text, !stats.hidden[index], stats.linkCharacters[index] == 0,
               stats.characters[index] >= 15 {
                characters += stats.characters[index]
            }
            index += 1
        }
        return characters >= 50
    }

    /// readability's sibling merge: paragraphs beside the best block that read as prose belong to the
    /// article too. A container of many short paragraphs next to big link tables sums negative, and one
    /// paragraph alone would win.
    private func mergingSiblings(of block: Int) -> BodyChoice {
        let parent = Int(tree.parents[block])
        guard parent >= 0, tree.kinds[block] == .element, !boilerplate[parent] else { return BodyChoice(root: block) }
        let threshold = max(10, 0.2 * score[block])
        var kept: Set<Int> = [block]
        for sibling in tree.children(of: parent) where sibling != block && tree.kinds[sibling] == .element {
            if stats.hidden[sibling] || boilerplate[sibling] || copies.contains(sibling) { continue }
            let characters = Double(stats.characters[sibling])
            guard characters > 0, score[sibling] > 0 else { continue }
            let linkDensity = Double(stats.linkCharacters[sibling]) / characters
            guard linkDensity < 0.25 else { continue }
            // The title block beside the text is the page's header, not more text.
            if let heading, sibling <= heading && heading < Int(tree.subtreeEnd[sibling]) { continue }
            // Paragraphs, or blocks of the same kind as the best one (same tag and class).
            let sameKind = tree.names[sibling] == tree.names[block] && attributes.classes[sibling] == attributes.classes[block]
            guard sameKind || attributes.traits[sibling].contains(.paragraph) else { continue }
            if score[sibling] >= threshold || characters >= 80 || endsSentence(sibling) {
                kept.insert(sibling)
            }
        }
        return kept.count > 1 ? BodyChoice(root: parent, kept: kept) : BodyChoice(root: block)
    }

    /// Whether the last text of the subtree ends a sentence (`。`, `！`, `.`): a paragraph, not a label.
    private func endsSentence(_ index: Int) -> Bool {
        var node = Int(tree.subtreeEnd[index]) - 1
        while node > index {
            if tree.kinds[node] == .text && stats.characters[node] > 0 {
                guard let last = tree.texts[node].unicodeScalars.last(where: { !$0.properties.isWhitespace }) else { return false }
                return "。！？.!?”」…；;".unicodeScalars.contains(last)
            }
            node -= 1
        }
        return false
    }

    /// Whether to leave the subtree of `index` out of the chosen body.
    func isNoise(_ index: Int, in choice: BodyChoice) -> Bool {
        if let kept = choice.kept, Int(tree.parents[index]) == choice.root, tree.kinds[index] == .element,
           !kept.contains(index) {
            return true
        }
        if choice.excluded.contains(index) { return true }
        return isNoise(index, in: choice.root)
    }
}

/// A run of sibling units of one shape (same tag and class), each with its own time or author line.
struct PostUnits {
    var parent: Int
    var units: [Int]

    /// The largest run inside `block`, or nil. Each unit must carry a short line with a date, a relative
    /// time or a poster's name, and the run must hold most of its parent's text.
    static func find(in block: Int, tree: FlatTree, stats: TextStatistics, attributes: ElementAttributes) -> PostUnits? {
        var found: PostUnits?
        var foundCharacters: Int32 = 0
        let end = Int(tree.subtreeEnd[block])
        for parent in block..<end where tree.kinds[parent] == .element && stats.characters[parent] > foundCharacters {
            guard !stats.hidden[parent], let units = run(under: parent, tree: tree, stats: stats, attributes: attributes)
            else { continue }
            let characters = units.reduce(Int32(0)) { $0 + stats.characters[$1] }
            guard characters * 2 >= stats.characters[parent], characters > foundCharacters else { continue }
            let checked = units.prefix(8)
            let signed = checked.filter { hasPostLine($0, tree: tree, stats: stats) }.count
            guard signed >= 3, signed * 3 >= checked.count * 2 else { continue }
            found = PostUnits(parent: parent, units: units)
            foundCharacters = characters
        }
        return found
    }

    /// The children of `parent` sharing the commonest tag and class, when at least three hold text.
    private static func run(under parent: Int, tree: FlatTree, stats: TextStatistics,
                            attributes: ElementAttributes) -> [Int]? {
        var groups: [String: [Int]] = [:]
        var child = parent + 1
        let end = Int(tree.subtreeEnd[parent])
        var elements = 0
        while child < end {
            if tree.kinds[child] == .element {
                elements += 1
                if stats.characters[child] >= 40 && !stats.hidden[child] && !attributes.traits[child].contains(.postText) {
                    groups[tree.names[child] + "." + (attributes.classes[child] ?? ""), default: []].append(child)
                }
            }
            child = Int(tree.subtreeEnd[child])
        }
        // Between groups of equal size the one that starts first wins: dictionary order changes from
        // process to process, and an extraction must not.
        let largest = groups.values.max { a, b in a.count != b.count ? a.count < b.count : a[0] > b[0] }
        guard elements >= 3, let largest, largest.count >= 3 else {
            return nil
        }
        return largest
    }

    /// Text blocks and the rows and cells of layout tables, never post units themselves (a forum's
    /// posts are whole tables).
    static let paragraphs: Set<String> = [
        "p", "span", "a", "br", "h1", "h2", "h3", "h4", "h5", "h6", "img", "tr", "td", "th", "tbody", "thead", "font",
    ]

    /// Whether the unit has a line of its own (a short text) with a date, a relative time or a poster's
    /// name: what sets a post apart from a paragraph that mentions a date.
    private static func hasPostLine(_ unit: Int, tree: FlatTree, stats: TextStatistics) -> Bool {
        let total = stats.characters[unit]
        var index = unit + 1
        let end = Int(tree.subtreeEnd[unit])
        var texts = 0
        while index < end, texts < 40 {
            defer { index += 1 }
            guard tree.kinds[index] == .text, stats.characters[index] > 0 else { continue }
            texts += 1
            let characters = stats.characters[index]
            guard characters <= 60, characters * 3 <= total else { continue }
            let text = tree.texts[index]
            if DateScanner.scan(text).contains(where: { $0.year != nil || $0.hour != nil }) { return true }
            if postMarkers.contains(where: { text.contains($0) }) { return true }
        }
        return false
    }

    static let postMarkers = ["发表于", "回复于", "发帖", "楼主", "作者", "Posted", "posted", "分钟前", "小时前", "天前"]
}
