import Model

/// Chooses the publish time among a page's candidates, most trusted first: the publish metas
/// (JSON-LD, `article:published_time`, `pubdate`, `<time>`), the date forms next to the title and at
/// the start of the body, relative times there (`3小时前`, `昨天 13:43`), the first dated-and-timed
/// line inside the body, a "last modified" meta, the end of the body, and the date in the URL.
struct PublishTimeChooser {
    let reader: PublishTime
    let metadata: PageMetadata
    let header: HeaderText
    let bodyText: String
    let url: String?

    func choose() -> ZonedDate? {
        let fromURL = PublishTime.dateInURL(url)
        let near = [header.before, header.start].map(DateScanner.scan)
        if let date = fromMetas(Self.publishedMetas, near: Array(near.joined())) { return date }
        for found in near {
            if let date = firstPlausible(found, yearHint: fromURL?.year) { return date }
        }
        for text in [header.before, header.start] {
            if let date = RelativeDate.first(in: text, now: reader.now, zone: reader.zone) { return date }
        }
        // A forum thread lists its posts with "发布时间 2005/05/17 22:11:42": the first post's time is
        // the thread's publish time, and a news page's first timed line in the body is its own.
        let inBody = DateScanner.scan(bodyText).filter { $0.year != nil && $0.hour != nil }
        for candidate in inBody {
            if let date = reader.resolve(candidate, yearHint: nil) { return date }
        }
        // Encyclopedia and wiki pages have no publish time, only "last edited" (`dateModified`,
        // 百度百科's `dateUpdate`): the best there is, but never above a date shown on the page.
        if let date = fromMetas(Self.modifiedMetas, near: []) { return date }
        if let date = firstPlausible(DateScanner.scan(header.tail), yearHint: fromURL?.year) { return date }
        return fromURL.flatMap { reader.resolve($0, yearHint: nil) }
    }

    /// The first meta value that parses; a date-only one takes its time from the same day near the title.
    private func fromMetas(_ names: [String], near: [DateScanner.Found]) -> ZonedDate? {
        let values = names.map { name in
            name == "jsonld:datePublished" ? metadata.jsonLDValue("datePublished")
                : name == "jsonld:dateModified" ? metadata.jsonLDValue("dateModified") : metadata.metas[name]
        } + (names == Self.publishedMetas ? metadata.times.map(\.value) : [])
        for value in values.compactMap({ $0 }) {
            guard let date = reader.parse(value) else { continue }
            if !value.contains(":"), let timed = sameDayWithTime(date, in: near) { return timed }
            return date
        }
        return nil
    }

    /// In reading order, a full date with a time first, then any full date, then a bare `12月23日`.
    private func firstPlausible(_ found: [DateScanner.Found], yearHint: Int?) -> ZonedDate? {
        let ordered = found.filter { $0.hour != nil && $0.year != nil } + found.filter { $0.year != nil && $0.hour == nil }
            + found.filter { $0.year == nil }
        for candidate in ordered {
            if let date = reader.resolve(candidate, yearHint: yearHint) { return date }
        }
        return nil
    }

    private func sameDayWithTime(_ date: ZonedDate, in candidates: [DateScanner.Found]) -> ZonedDate? {
        let day = date.components
        guard let match = candidates.first(where: {
            $0.hour != nil && $0.year == day.year && $0.month == day.month && $0.day == day.day
        }) else { return nil }
        return reader.resolve(match, yearHint: nil)
    }

    static let publishedMetas = [
        "jsonld:datePublished",
        "article:published_time", "og:article:published_time", "og:release_date", "pubdate", "publishdate",
        "publish_date", "publish-date", "publishtime", "publish_time", "ptime", "datepublished", "dc.date.issued",
        "dc.date", "dcterms.created", "dc.date.created", "sailthru.date", "weibo:article:create_at",
        "weibo: article:create_at", "firstpublishedtime", "og:published_time", "article:published", "publication_date",
        "parsely-pub-date", "pub_date", "releasedate", "date",
    ]

    static let modifiedMetas = [
        "jsonld:dateModified", "article:modified_time", "og:updated_time", "datemodified", "dateupdate",
        "dcterms.modified", "last-modified", "lastmodifiedtime",
    ]
}
