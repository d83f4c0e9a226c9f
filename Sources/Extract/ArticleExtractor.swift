import Foundation
import Markup
public import Model
import Sanitize

/// Extracts the article of one news page: title, publish time, author, outlet, and the body as
/// sanitized HTML and plain text. Input is text already decoded to UTF-8 (the Decode stage's job).
public struct ArticleExtractor: Sendable {
    public let clock: any WallClock
    public let zone: TimeZone

    /// Pages above this size are cut before parsing: no article needs more, and libxml2's time and
    /// memory grow with the input.
    public static let maximumInput = 4 * 1024 * 1024

    public init(clock: any WallClock = SystemClock(),
                zone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current) {
        self.clock = clock
        self.zone = zone
    }

    public func extract(html: String, url: String?, rules: SiteRules? = nil) throws(ExtractError) -> ExtractedArticle {
        let location = url ?? "-"
        let text = try Self.checkedInput(html, location: location)
        guard let document = try? Document(html: text, url: url) else { throw .emptyDocument(location: location) }
        let tree = FlatTree(document: document)
        guard tree.count > 0 else { throw .emptyDocument(location: location) }
        let stats = TextStatistics(tree)
        guard stats.characters[0] > 0 else { throw .emptyDocument(location: location) }

        let metadata = PageMetadata(tree)
        let scorer = BodyScorer(tree: tree, stats: stats)
        var (title, headingIndex) = TitleChooser.choose(metadata)
        if let rule = rules?.title, let node = try select(rule, in: document, tree: tree, location: location).first {
            title = TitleChooser.normalised(PageMetadata.text(tree, node))
            headingIndex = node
        }
        let body = try bodyRoot(tree: tree, document: document, scorer: scorer, rules: rules, location: location)
        guard let body else { throw .noArticle(location: location) }
        let removed = try removals(rules, document: document, tree: tree, location: location)
        // A site's body rule is trusted as it stands: only its own removals apply.
        let generic = rules?.body == nil
        let content = Sanitizer(baseURL: url).sanitize(tree, root: body) { index in
            removed.contains(index) || (generic && scorer.isNoise(index, in: body))
        }
        guard !content.text.isEmpty else { throw .noArticle(location: location) }

        let header = HeaderText(tree: tree, stats: stats, heading: headingIndex, body: body)
        let published = try publishTime(metadata: metadata, header: header, url: url, rules: rules,
                                        document: document, tree: tree, location: location)
        return ExtractedArticle(
            title: title, published: published,
            author: author(metadata: metadata, header: header),
            outlet: Byline.outlet(in: header.before) ?? Byline.outlet(in: header.tail)
                ?? metadata.metas["source"].flatMap { $0.isEmpty ? nil : $0 },
            contentHTML: content.html, contentText: content.text)
    }

    static func checkedInput(_ html: String, location: String) throws(ExtractError) -> String {
        var controls = 0
        var sampled = 0
        for scalar in html.unicodeScalars.prefix(8192) {
            sampled += 1
            if scalar.value == 0 || scalar.value == 0xFFFD
                || (scalar.value < 0x20 && scalar != "\n" && scalar != "\r" && scalar != "\t") {
                controls += 1
            }
        }
        guard sampled > 0, html.contains(where: { !$0.isWhitespace }) else { throw .emptyDocument(location: location) }
        if controls * 10 > sampled { throw .notText(location: location) }
        guard html.utf8.count > maximumInput else { return html }
        return String(decoding: html.utf8.prefix(maximumInput), as: UTF8.self)
    }

    private func bodyRoot(tree: FlatTree, document: Document, scorer: BodyScorer, rules: SiteRules?,
                          location: String) throws(ExtractError) -> Int? {
        if let rule = rules?.body, let node = try select(rule, in: document, tree: tree, location: location).first {
            return node
        }
        return scorer.best()
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

    private func publishTime(metadata: PageMetadata, header: HeaderText, url: String?, rules: SiteRules?,
                             document: Document, tree: FlatTree, location: String) throws(ExtractError) -> ZonedDate? {
        let reader = PublishTime(now: clock.now(), zone: zone)
        if let rule = rules?.published, let node = try select(rule, in: document, tree: tree, location: location).first {
            let value = tree.attribute("datetime", at: node) ?? tree.attribute("content", at: node)
                ?? PageMetadata.text(tree, node)
            if let date = reader.parse(value) { return date }
        }
        let fromURL = PublishTime.dateInURL(url)
        let texts = [header.before, header.start, header.tail].map(DateScanner.scan)
        let machine = [metadata.jsonLDValue("datePublished")] + Self.dateMetas.map { metadata.metas[$0] }
            + metadata.times.map(\.value)
        for value in machine.compactMap({ $0 }) {
            guard let date = reader.parse(value) else { continue }
            // A date-only meta: the byline often has the same day with its time.
            if !value.contains(":"), let timed = sameDayWithTime(date, in: Array(texts.joined()), reader: reader) {
                return timed
            }
            return date
        }
        for found in texts {
            // Prefer a full date with a time, then any full date, in reading order.
            let ordered = found.filter { $0.hour != nil && $0.year != nil } + found.filter { $0.year != nil }
                + found.filter { $0.year == nil }
            for candidate in ordered {
                if let date = reader.resolve(candidate, yearHint: fromURL?.year) { return date }
            }
        }
        return fromURL.flatMap { reader.resolve($0, yearHint: nil) }
    }

    private func sameDayWithTime(_ date: ZonedDate, in candidates: [DateScanner.Found],
                                 reader: PublishTime) -> ZonedDate? {
        let day = date.components
        guard let match = candidates.first(where: {
            $0.hour != nil && $0.year == day.year && $0.month == day.month && $0.day == day.day
        }) else { return nil }
        return reader.resolve(match, yearHint: nil)
    }

    static let dateMetas = [
        "article:published_time", "og:article:published_time", "og:release_date", "pubdate", "publishdate",
        "publish_date", "publish-date", "publishtime", "publish_time", "ptime", "datepublished", "dc.date.issued",
        "dc.date", "dcterms.created", "sailthru.date", "weibo:article:create_at", "date", "article:modified_time",
    ]

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
