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
    let attributes: ElementAttributes
    /// The title heading, when the page has one: the article is where the title is.
    let heading: Int?
    private(set) var score: [Double]
    private(set) var prose: [Double]
    private(set) var boilerplate: [Bool]
    /// For a paragraph that repeats an earlier one word for word, the earlier one.
    private(set) var duplicateOf: [Int: Int] = [:]
    /// Elements that are a second copy of text printed before (an alternate view, a print copy): most
    /// of their paragraphs repeat earlier ones. Their score does not count toward their ancestors.
    private(set) var copies: Set<Int> = []

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

    init(tree: FlatTree, stats: TextStatistics, attributes: ElementAttributes, heading: Int? = nil) {
        self.tree = tree
        self.stats = stats
        self.attributes = attributes
        self.heading = heading
        let count = tree.count
        score = Array(repeating: 0, count: count)
        prose = Array(repeating: 0, count: count)
        boilerplate = Array(repeating: false, count: count)
        markFurniture()
        weighBlocks()
    }

    private mutating func markFurniture() {
        let pageCharacters = max(1, Int(stats.characters[0]))
        // Templates give hundreds of elements the same few classes: judge each class string once.
        var furnitureVerdicts: [String: Bool] = [:]
        var articleVerdicts: [String: Bool] = [:]
        func furniture(_ value: String?) -> Bool {
            guard let value else { return false }
            if let verdict = furnitureVerdicts[value] { return verdict }
            let verdict = Self.isFurniture(value)
            furnitureVerdicts[value] = verdict
            return verdict
        }
        func namesArticle(_ value: String?) -> Bool {
            guard let value else { return false }
            if let verdict = articleVerdicts[value] { return verdict }
            let verdict = Self.names(Self.articleWords, value)
            articleVerdicts[value] = verdict
            return verdict
        }
        for index in 0..<tree.count where tree.kinds[index] == .element {
            let parent = Int(tree.parents[index])
            // Blogger puts every post inside a `widget`: a block that names itself the post's body is
            // not furniture for sitting in one, unless it also names furniture (`post-comments`).
            if parent >= 0 && boilerplate[parent] {
                boilerplate[index] = !namesArticle(attributes.classes[index])
                    || furniture(attributes.classes[index]) || furniture(attributes.ids[index])
                continue
            }
            let characters = Int(stats.characters[index])
            guard characters > 0 else { continue }
            // An element holding most of the page's text is a layout wrapper whatever its name says;
            // not a comment box, though, which on a busy thread holds most of the page (unless the
            // title is inside it: then it wraps the article too).
            if characters * 5 >= pageCharacters * 3
                && !((Self.names(Self.commentWords, attributes.classes[index])
                      || Self.names(Self.commentWords, attributes.ids[index])) && !holdsHeading(index)) {
                continue
            }
            boilerplate[index] = furniture(attributes.classes[index])
                || furniture(attributes.ids[index]) || isTeaserList(index)
        }
    }

    /// A run of like siblings (same tag and class), most holding a link with text and little else:
    /// "related articles", photo strips, headline lists. Paragraphs of an article rarely hold links.
    private func isTeaserList(_ index: Int) -> Bool {
        // Most elements have fewer than four children with text: count before gathering them.
        var textChildren = 0
        var child = index + 1
        let end = Int(tree.subtreeEnd[index])
        while child < end, textChildren < 4 {
            if tree.kinds[child] == .element && stats.characters[child] > 0 { textChildren += 1 }
            child = Int(tree.subtreeEnd[child])
        }
        guard textChildren >= 4 else { return false }
        let children = tree.children(of: index).filter { tree.kinds[$0] == .element && stats.characters[$0] > 0 }
        var signatures: [String: (count: Int, linked: Int, plain: Int)] = [:]
        for child in children {
            let signature = tree.names[child] + "." + (attributes.classes[child] ?? "")
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

    static let commentWords: Set<String> = ["comment", "comments", "commentlist", "reply", "replies"]

    private func holdsHeading(_ index: Int) -> Bool {
        guard let heading else { return false }
        return index <= heading && heading < Int(tree.subtreeEnd[index])
    }

    /// Class words of the article itself (`entry-content`, `post-body`, `article_content`).
    static let articleWords: Set<String> = [
        "article", "entry", "post", "story", "artibody", "articlebody", "postbody", "postcontent", "entrycontent",
    ]

    /// Whether a class or id names page furniture: one of its ASCII words, case-folded, is in
    /// `furniture`. On the UTF-8 bytes, since every element of a page is asked.
    static func isFurniture(_ value: String?) -> Bool {
        names(furniture, value)
    }

    static func names(_ words: Set<String>, _ value: String?) -> Bool {
        guard var value, !value.isEmpty else { return false }
        return value.withUTF8 { bytes in
            var start = 0
            for position in 0...bytes.count {
                if position < bytes.count, Self.isASCIILetter(bytes[position]) { continue }
                let length = position - start
                if length >= 2 && length <= 16 {
                    let word = String(unsafeUninitializedCapacity: length) { buffer in
                        for offset in 0..<length { buffer[offset] = bytes[start + offset] | 0x20 }
                        return length
                    }
                    if words.contains(word) { return true }
                }
                start = position + 1
            }
            return false
        }
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private mutating func weighBlocks() {
        let count = tree.count
        var nearestBlock = Array(repeating: Int32(0), count: count)
        var own = Array(repeating: (chars: Int32(0), links: Int32(0), marks: Int32(0)), count: count)
        var legal = Array(repeating: Int32(0), count: count)
        var anchors = Array(repeating: Int32(0), count: count)
        for index in 0..<count {
            let parent = Int(tree.parents[index])
            switch tree.kinds[index] {
            case .element:
                let traits = attributes.traits[index]
                nearestBlock[index] = traits.contains(.scoringBlock) || parent < 0
                    ? Int32(index) : nearestBlock[parent]
                // Image links and pager arrows have no text and cost nothing.
                if traits.contains(.link) && parent >= 0 && !stats.hidden[index] && stats.characters[index] > 1 {
                    anchors[Int(nearestBlock[parent])] += 1
                }
            case .text:
                guard parent >= 0, stats.characters[index] > 0 else { continue }
                let block = Int(nearestBlock[parent])
                let characters = stats.characters[index]
                own[block].chars += characters
                own[block].links += stats.linkCharacters[index]
                own[block].marks += stats.punctuation[index]
                if Boilerplate.isLegalNotice(tree.texts[index], characters: characters) { legal[block] += characters }
                // `<a>标题</a> 2021-12-23`: the date of a teaser belongs to its link.
                if stats.linkCharacters[index] == 0, characters <= 24, Boilerplate.followsLink(tree, index),
                   Boilerplate.isBareDate(tree.texts[index]) {
                    own[block].links += characters
                }
            case .other: continue
            }
        }
        markDuplicates(nearestBlock: nearestBlock, own: own)
        // Per element: characters and number of the repeated paragraphs below it.
        var repeated = Array(repeating: (chars: Int32(0), blocks: Int32(0)), count: duplicateOf.isEmpty ? 0 : count)
        for index in stride(from: count - 1, through: 0, by: -1) {
            if own[index].chars > 0 || anchors[index] > 0 {
                // Copyright, ICP registration and hotline lines are written as sentences but are the
                // site's, not the article's.
                if legal[index] * 2 >= own[index].chars && legal[index] > 0 { boilerplate[index] = true }
                // Every link is a way off the page: lists of them are navigation or teasers.
                let linkBound = own[index].links * 2 >= own[index].chars - own[index].links && !boilerplate[index]
                let weight = Self.weight(own[index], furniture: boilerplate[index])
                    - (linkBound ? Self.linkCost * Double(anchors[index]) : 0)
                score[index] += weight
                if weight > 0 { prose[index] += weight }
            }
            let parent = Int(tree.parents[index])
            if !repeated.isEmpty {
                if duplicateOf[index] != nil {
                    repeated[index].chars += own[index].chars
                    repeated[index].blocks += 1
                }
                // Two paragraphs or more: one repeated paragraph is a lead printed above the text again.
                if repeated[index].blocks >= 2 && stats.characters[index] >= Self.copyMinimum
                    && repeated[index].chars * 5 >= stats.characters[index] * 4 {
                    copies.insert(index)
                    continue
                }
                if parent >= 0 {
                    repeated[parent].chars += repeated[index].chars
                    repeated[parent].blocks += repeated[index].blocks
                }
            }
            if parent >= 0 {
                score[parent] += score[index]
                prose[parent] += prose[index]
            }
        }
    }

    /// Characters from which a repeated element is a copy of the text rather than a repeated line.
    static let copyMinimum: Int32 = 60

    /// Paragraphs printed again word for word, blanks aside: an article may repeat a line, but an
    /// element made of repeated paragraphs is a second copy of the text. Only paragraphs long enough to
    /// be unlikely to repeat by chance are compared.
    private mutating func markDuplicates(nearestBlock: [Int32], own: [(chars: Int32, links: Int32, marks: Int32)]) {
        var hashers: [Int: Hasher] = [:]
        var kept: [UInt8] = []
        for index in 0..<tree.count where tree.kinds[index] == .text && stats.characters[index] > 0 {
            let block = Int(nearestBlock[Int(tree.parents[index])])
            guard own[block].chars >= Self.duplicateMinimum else { continue }
            var text = tree.texts[index]
            kept.removeAll(keepingCapacity: true)
            text.withUTF8 { bytes in
                for byte in bytes where byte != 0x20 && byte != 0x0A && byte != 0x09 && byte != 0x0D { kept.append(byte) }
            }
            // One stream of bytes per block, fed a text at a time: the same digest for the same bytes.
            kept.withUnsafeBytes { hashers[block, default: Hasher()].combine(bytes: $0) }
        }
        var first: [Int: Int] = [:]
        for block in hashers.keys.sorted() {
            guard let digest = hashers[block]?.finalize() else { continue }
            if let earlier = first[digest] { duplicateOf[block] = earlier } else { first[digest] = block }
        }
    }

    static let duplicateMinimum: Int32 = 20

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
    ///
    /// A page that marks its article once (`<article>`, `itemprop="articleBody"`) is believed when the
    /// best-scoring block lies wholly outside the mark: the mark is the author's, the scores are
    /// guesses, and a short post loses to any longer block of page furniture (a payment dialog's
    /// terms under a two-line blog post).
    func best() -> Int? {
        let overall = best(in: 0..<tree.count)
        guard let overall, let marked = markedArticle(), prose[marked] > 0 else { return overall }
        let markedEnd = Int(tree.subtreeEnd[marked])
        let overallEnd = Int(tree.subtreeEnd[overall])
        let disjoint = overallEnd <= marked || overall >= markedEnd
        return disjoint ? best(in: marked..<markedEnd) ?? marked : overall
    }

    func best(in range: Range<Int>) -> Int? {
        var best: Int?
        var bestScore = 0.0
        for index in range where tree.kinds[index] == .element && !stats.hidden[index] && !copies.contains(index) {
            if score[index] >= bestScore && score[index] > 0 {
                best = index
                bestScore = score[index]
            }
        }
        return best
    }

    /// The one element the page marks as its article; nil when there is none or several (a list page
    /// of `<article>` cards).
    private func markedArticle() -> Int? {
        var found: Int?
        for index in 0..<tree.count where tree.kinds[index] == .element && !stats.hidden[index] {
            guard attributes.traits[index].contains(.article) || attributes.itemprops[index] == "articleBody" else { continue }
            if let found, index < Int(tree.subtreeEnd[found]) { continue }   // nested inside the first mark
            if found != nil { return nil }
            found = index
        }
        return found
    }

    /// Whether to leave the subtree of `index` out of a body rooted at `body`.
    func isNoise(_ index: Int, in body: Int) -> Bool {
        guard index != body, tree.kinds[index] == .element else { return false }
        // What the page hides stays hidden (a `display:none` copy of the article, a player's strings).
        if stats.hidden[index] && !stats.hidden[body] && attributes.concealed[index] { return true }
        if copies.contains(index) { return true }
        if boilerplate[index] && !boilerplate[body] { return true }
        // Short plain labels (subheadings, datelines) stay; link lists and longer junk go.
        if score[index] < 0 && prose[index] < 40
            && (stats.linkCharacters[index] > 0 || stats.characters[index] >= 40) { return true }
        return false
    }
}
