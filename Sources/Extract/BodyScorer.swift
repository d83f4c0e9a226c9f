import Markup

/// Finds the article body: the element whose subtree holds the most prose and the least boilerplate.
///
/// Every block (the nearest block-level element of a text) gets a signed weight: prose counts its
/// characters, link lists and short unpunctuated labels count against, and blocks inside an element
/// whose class or id names a comment box, share bar, footer or similar count against in full. The
/// body is the element with the largest sum over its subtree (a maximum-subtree choice): going up
/// from it adds more navigation than prose, going down loses prose. Inside it, subtrees that sum
/// negative with little prose are left out.
struct BodyScorer {
    let tree: FlatTree
    let stats: TextStatistics
    private(set) var score: [Double]
    private(set) var prose: [Double]
    private(set) var boilerplate: [Bool]

    static let blocks: Set<String> = [
        "p", "div", "section", "article", "li", "td", "th", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "table", "tr", "tbody", "ul", "ol", "dl", "body", "form", "header", "footer",
        "main", "aside", "figure", "figcaption", "center", "html",
    ]

    /// Class and id words of page furniture; matched against whole words of the attribute.
    static let furniture: Set<String> = [
        "comment", "comments", "commentlist", "footer", "foot", "copyright", "related", "relate", "recommend",
        "recommends", "share", "sharebar", "social", "sidebar", "side", "aside", "nav", "navbar", "menu",
        "breadcrumb", "crumb", "crumbs", "ad", "ads", "advert", "advertisement", "banner", "rank", "ranking",
        "hotnews", "toolbar", "tool", "tools", "pagination", "pager", "login", "header", "topbar", "widget",
        "reply", "replies", "subscribe", "qrcode", "download", "disclaimer", "statement", "tag", "tags",
        "keywords", "feedback", "popup", "modal", "more", "hot", "list",
    ]

    init(tree: FlatTree, stats: TextStatistics) {
        self.tree = tree
        self.stats = stats
        let count = tree.count
        score = Array(repeating: 0, count: count)
        prose = Array(repeating: 0, count: count)
        boilerplate = Array(repeating: false, count: count)
        markFurniture()
        weighBlocks()
    }

    private mutating func markFurniture() {
        let pageCharacters = max(1, Int(stats.characters[0]))
        for index in 0..<tree.count where tree.kinds[index] == .element {
            let parent = Int(tree.parents[index])
            if parent >= 0 && boilerplate[parent] { boilerplate[index] = true; continue }
            let characters = Int(stats.characters[index])
            // An element holding most of the page's text is a layout wrapper whatever its name says.
            guard characters > 0, characters * 5 < pageCharacters * 3 else { continue }
            boilerplate[index] = Self.isFurniture(tree.attribute("class", at: index))
                || Self.isFurniture(tree.attribute("id", at: index)) || isTeaserList(index)
        }
    }

    /// A run of like siblings (same tag and class), most holding a link with text and little else:
    /// "related articles", photo strips, headline lists. Paragraphs of an article rarely hold links.
    private func isTeaserList(_ index: Int) -> Bool {
        let children = tree.children(of: index).filter { tree.kinds[$0] == .element && stats.characters[$0] > 0 }
        guard children.count >= 4 else { return false }
        var signatures: [String: (count: Int, linked: Int, plain: Int)] = [:]
        for child in children {
            let signature = tree.names[child] + "." + (tree.attribute("class", at: child) ?? "")
            let links = Int(stats.linkCharacters[child])
            let plain = Int(stats.characters[child]) - links
            signatures[signature, default: (0, 0, 0)].count += 1
            if links >= 4 { signatures[signature, default: (0, 0, 0)].linked += 1 }
            signatures[signature, default: (0, 0, 0)].plain += plain
        }
        guard let (_, group) = signatures.max(by: { $0.value.count < $1.value.count }),
              group.count * 4 >= children.count * 3, group.count >= 4 else { return false }
        return group.linked * 4 >= group.count * 3 && group.plain / group.count < 160
    }

    static func isFurniture(_ value: String?) -> Bool {
        guard let value, !value.isEmpty else { return false }
        var word = ""
        for character in value.lowercased() {
            if character.isLetter && character.isASCII {
                word.append(character)
            } else {
                if furniture.contains(word) { return true }
                word = ""
            }
        }
        return furniture.contains(word)
    }

    private mutating func weighBlocks() {
        let count = tree.count
        var nearestBlock = Array(repeating: Int32(0), count: count)
        var own = Array(repeating: (chars: Int32(0), links: Int32(0), marks: Int32(0)), count: count)
        var anchors = Array(repeating: Int32(0), count: count)
        for index in 0..<count {
            let parent = Int(tree.parents[index])
            switch tree.kinds[index] {
            case .element:
                nearestBlock[index] = Self.blocks.contains(tree.names[index]) || parent < 0
                    ? Int32(index) : nearestBlock[parent]
                // Image links and pager arrows have no text and cost nothing.
                if tree.names[index] == "a" && parent >= 0 && !stats.hidden[index] && stats.characters[index] > 1 {
                    anchors[Int(nearestBlock[parent])] += 1
                }
            case .text:
                guard parent >= 0, stats.characters[index] > 0 else { continue }
                let block = Int(nearestBlock[parent])
                own[block].chars += stats.characters[index]
                own[block].links += stats.linkCharacters[index]
                own[block].marks += stats.punctuation[index]
            case .other: continue
            }
        }
        for index in stride(from: count - 1, through: 0, by: -1) {
            if own[index].chars > 0 || anchors[index] > 0 {
                // Every link is a way off the page: lists of them are navigation or teasers.
                let linkBound = own[index].links * 2 >= own[index].chars - own[index].links && !boilerplate[index]
                let weight = Self.weight(own[index], furniture: boilerplate[index])
                    - (linkBound ? Self.linkCost * Double(anchors[index]) : 0)
                score[index] += weight
                if weight > 0 { prose[index] += weight }
            }
            let parent = Int(tree.parents[index])
            if parent >= 0 {
                score[parent] += score[index]
                prose[parent] += prose[index]
            }
        }
    }

    static let linkCost = 8.0

    static func weight(_ block: (chars: Int32, links: Int32, marks: Int32), furniture: Bool) -> Double {
        let chars = Double(block.chars)
        let links = Double(block.links)
        let plain = chars - links
        if furniture { return -0.5 * chars }
        if links > 0.5 * chars { return -0.5 * links }
        if block.marks == 0 && plain < 25 { return -0.3 * plain - 0.5 * links }
        // Long paragraphs weigh more than their length: a list of captions or teasers has as many
        // characters as a short article, but an article is written in paragraphs.
        let emphasis = min(3, max(0.5, (plain / 60).squareRoot()))
        return plain * emphasis - 0.5 * links
    }

    /// The element holding the body; nil when no block reads like prose.
    func best() -> Int? {
        var best: Int?
        var bestScore = 0.0
        for index in 0..<tree.count where tree.kinds[index] == .element && !stats.hidden[index] {
            if score[index] >= bestScore && score[index] > 0 {
                best = index
                bestScore = score[index]
            }
        }
        return best
    }

    /// Whether to leave the subtree of `index` out of a body rooted at `body`.
    func isNoise(_ index: Int, in body: Int) -> Bool {
        guard index != body, tree.kinds[index] == .element else { return false }
        if boilerplate[index] && !boilerplate[body] { return true }
        // Short plain labels (subheadings, datelines) stay; link lists and longer junk go.
        if score[index] < 0 && prose[index] < 40
            && (stats.linkCharacters[index] > 0 || stats.characters[index] >= 40) { return true }
        return false
    }
}
