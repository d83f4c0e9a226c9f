import Foundation
import Markup
public import Model

/// Extracts the article of one news page: title, publish time, author, outlet, and the body as the
/// page has it (boilerplate inside it left out). Input is text already decoded to UTF-8 (the Decode
/// stage's job); sanitizing the body is the refresh's preparation stage (ARCHITECTURE.md).
public struct ArticleExtractor: Sendable {
    public let clock: any WallClock
    public let zone: TimeZone
    /// Bytes of UTF-8 above which a page is cut (at a character boundary) before parsing.
    public let maximumInput: Int

    /// The default `maximumInput`: no article needs more, and libxml2's time and memory grow with the input.
    public static let defaultMaximumInput = 4 * 1024 * 1024

    public init(clock: any WallClock = SystemClock(),
                zone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current,
                maximumInput: Int = ArticleExtractor.defaultMaximumInput) {
        self.clock = clock
        self.zone = zone
        self.maximumInput = max(0, maximumInput)
    }

    public func extract(html: String, url: String?, rules: SiteRules? = nil) throws(ExtractError) -> ExtractedArticle {
        let location = url ?? "-"
        let text = try Self.checkedInput(html, location: location, limit: maximumInput)
        // The head's scripts and style sheets are parsed without their content: nothing reads it but
        // JSON-LD (kept), and it costs a quarter of libxml2's time. Site rules are XPath over the page
        // as it is, so they get all of it; so does a page libxml2 reads otherwise than the scan, or
        // whose chosen body takes in the head.
        if rules == nil, let lighter = HeadScripts.blanked(text),
           let article = try extract(page: .bytes(lighter.bytes), url: url, rules: nil, location: location,
                                     emptied: lighter.emptied) {
            return article
        }
        guard let article = try extract(page: .text(text), url: url, rules: rules, location: location, emptied: nil)
        else { throw .noArticle(location: location) }
        return article
    }

    /// The extraction of `page`; nil when the page's head was `emptied` and libxml2 did not read it
    /// as the scan did, or an emptied element falls inside the chosen body (its markup would miss
    /// the content) or the title.
    private func extract(page: Page, url: String?, rules: SiteRules?, location: String,
                         emptied: HeadScripts.Emptied?) throws(ExtractError) -> ExtractedArticle? {
        let parsed: Document?
        switch page {
        // The extractor only reads the tree: it can live in an arena.
        case let .text(text): parsed = try? Document(htmlText: text, url: url, inArena: true)
        case let .bytes(bytes): parsed = try? Document(html: bytes, url: url, inArena: true)
        }
        guard let document = parsed else { throw .emptyDocument(location: location) }
        let tree = FlatTree(document: document)
        guard tree.count > 0 else { throw .emptyDocument(location: location) }
        var emptiedElements: [Int] = []
        if let emptied {
            guard let found = emptied.verify(in: tree) else { return nil }
            emptiedElements = found
        }
        let attributes = ElementAttributes(tree)
        var stats = TextStatistics(tree, traits: attributes.traits, concealed: attributes.concealed)
        // A page that hides most of itself is one a script reveals (a loading screen): read it all.
        if stats.concealedCharacters > 3 * stats.characters[0] {
            stats = TextStatistics(tree, traits: attributes.traits, concealed: Array(repeating: false, count: tree.count))
        }
        guard stats.characters[0] > 0 else { throw .emptyDocument(location: location) }

        let metadata = PageMetadata(tree, attributes: attributes)
        // A saved page without its URL still names itself (canonical link, og:url).
        let pageURL = url ?? metadata.ownURL
        var (title, headingIndex) = TitleChooser.choose(metadata)
        if let rule = rules?.title, let node = try select(rule, in: document, tree: tree, location: location).first {
            title = TitleChooser.normalised(PageMetadata.text(tree, node))
            headingIndex = node
        }
        let scorer = BodyScorer(tree: tree, stats: stats, attributes: attributes, heading: headingIndex)
        let choice = try bodyChoice(tree: tree, document: document, scorer: scorer, rules: rules, location: location)
        guard let choice else { throw .noArticle(location: location) }
        let body = choice.root
        if !emptiedElements.isEmpty && !Self.holdsNone(of: emptiedElements, tree: tree, body: body, heading: headingIndex) {
            return nil
        }
        let removed = try removals(rules, document: document, tree: tree, location: location)
        // A site's body rule is trusted as it stands: only its own removals apply.
        let generic = rules?.body == nil
        // A site's body rule is trusted to end where the article ends.
        let stop = generic ? TrailingSections.cut(tree, stats, body: body) : nil
        let content = BodyMarkup(tree, root: body, stop: stop, hidden: stats.hidden, traits: attributes.traits) { index in
            removed.contains(index) || (generic && scorer.isNoise(index, in: choice))
        }
        guard !content.text.isEmpty else { throw .noArticle(location: location) }

        let header = HeaderText(tree: tree, stats: stats, heading: headingIndex, body: body)
        let published = try publishTime(metadata: metadata, header: header, bodyText: content.text, url: pageURL, rules: rules,
                                        document: document, tree: tree, location: location)
        return ExtractedArticle(
            title: title, published: published,
            author: author(metadata: metadata, header: header),
            outlet: Byline.outlet(in: header.before) ?? Byline.outlet(in: header.tail)
                ?? metadata.metas["source"].flatMap { $0.isEmpty ? nil : $0 },
            bodyHTML: content.htmlString, baseURL: pageURL, link: metadata.ownURL)
    }

    /// A page to parse: checked text, or the UTF-8 bytes `HeadScripts` made of it.
    private enum Page {
        case text(String)
        case bytes(Data)
    }

    /// Whether none of `elements` lies in the subtree of `body`, inside a `title` or inside the
    /// title heading: the text read from those would miss their content.
    static func holdsNone(of elements: [Int], tree: FlatTree, body: Int, heading: Int?) -> Bool {
        let bodyEnd = Int(tree.subtreeEnd[body])
        for element in elements {
            if body <= element && element < bodyEnd { return false }
            if let heading, heading <= element && element < Int(tree.subtreeEnd[heading]) { return false }
            var ancestor = Int(tree.parents[element])
            while ancestor >= 0 {
                if tree.names[ancestor] == "title" { return false }
                ancestor = Int(tree.parents[ancestor])
            }
        }
        return true
    }

    static func checkedInput(_ html: String, location: String, limit: Int) throws(ExtractError) -> String {
        let (sampled, controls) = Self.controlCharacters(html, sample: 8192)
        guard sampled > 0, Self.hasText(html) else { throw .emptyDocument(location: location) }
        if controls * 10 > sampled { throw .notText(location: location) }
        guard html.utf8.count > limit else { return html }
        // Back off to the start of a character, so the cut leaves no broken one behind.
        var end = html.utf8.index(html.utf8.startIndex, offsetBy: limit)
        while end > html.utf8.startIndex, html.utf8[end] & 0xC0 == 0x80 { end = html.utf8.index(before: end) }
        return String(html.utf8[..<end])!
    }

    /// Of the first `sample` scalars, how many there are and how many are NUL, U+FFFD or C0 controls
    /// other than tab, newline and carriage return. On the UTF-8 bytes: a scalar starts at every byte
    /// that is not a continuation byte, and all the scalars asked about are ASCII but U+FFFD.
    static func controlCharacters(_ html: String, sample: Int) -> (sampled: Int, controls: Int) {
        var html = html
        return html.withUTF8 { bytes in
            var sampled = 0
            var controls = 0
            var position = 0
            while position < bytes.count, sampled < sample {
                let byte = bytes[position]
                if byte & 0xC0 != 0x80 {
                    sampled += 1
                    if byte < 0x20 && byte != 0x0A && byte != 0x0D && byte != 0x09 {
                        controls += 1
                    } else if byte == 0xEF && position + 2 < bytes.count && bytes[position + 1] == 0xBF
                                && bytes[position + 2] == 0xBD {
                        controls += 1
                    }
                }
                position += 1
            }
            return (sampled, controls)
        }
    }

    /// Whether the text holds a character that is not whitespace. A page's first non-blank byte is
    /// almost always ASCII (`<`), and an ASCII character after blanks starts a `Character` of its own;
    /// anything else is left to `Character`.
    static func hasText(_ html: String) -> Bool {
        var html = html
        let firstByte: UInt8? = html.withUTF8 { bytes in
            bytes.first { !(0x09...0x0D).contains($0) && $0 != 0x20 }
        }
        guard let firstByte else { return false }
        if firstByte < 0x80 { return true }
        return html.contains(where: { !$0.isWhitespace })
    }

    private func bodyChoice(tree: FlatTree, document: Document, scorer: BodyScorer, rules: SiteRules?,
                            location: String) throws(ExtractError) -> BodyChoice? {
        if let rule = rules?.body, let node = try select(rule, in: document, tree: tree, location: location).first {
            return BodyChoice(root: node)
        }
        return scorer.choose()
    }

    private func removals(_ rules: SiteRules?, document: Document, tree: FlatTree,
                          location: String) throws(ExtractError) -> Set<Int> {
        var removed = Set<Int>()
        for rule in rules?.remove ?? [] {
            removed.formUnion(try select(rule, in: document, tree: tree, location: location))
        }
        return removed
    }

    /// Indices of the nodes an XPath rule selects.
    private func select(_ expression: String, in document: Document, tree: FlatTree,
                        location: String) throws(ExtractError) -> [Int] {
        let nodes: [Node]
        do { nodes = try document.xpath(expression) } catch {
            throw .invalidRule(expression: expression, location: location)
        }
        return nodes.compactMap { tree.index(of: $0) }
    }

    private func publishTime(metadata: PageMetadata, header: HeaderText, bodyText: String, url: String?,
                             rules: SiteRules?, document: Document, tree: FlatTree,
                             location: String) throws(ExtractError) -> ZonedDate? {
        let reader = PublishTime(now: clock.now(), zone: zone)
        if let rule = rules?.published, let node = try select(rule, in: document, tree: tree, location: location).first {
            let value = tree.attributeValue("datetime", at: node) ?? tree.attributeValue("content", at: node)
                ?? PageMetadata.text(tree, node)
            if let date = reader.parse(value) { return date }
        }
        return PublishTimeChooser(reader: reader, metadata: metadata, header: header, bodyText: bodyText, url: url)
            .choose()
    }

    private func author(metadata: PageMetadata, header: HeaderText) -> String? {
        if let found = Byline.author(in: header.before) ?? Byline.author(in: header.start)
            ?? Byline.author(in: header.tail) {
            return found
        }
        guard let meta = metadata.metas["author"] ?? metadata.metas["article:author"],
              !meta.isEmpty, meta.count <= 20, !meta.contains("http") else { return nil }
        return meta
    }
}
