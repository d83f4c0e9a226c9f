import Model

/// Chooses the publish time among a page's candidates, most trusted first: the publish metas
/// (JSON-LD, `article:published_time`, `pubdate`, `<time>`), the date forms next to the title and at
/// the start of the body (a date alone taking the time of a same-day timed one nearby), relative times
/// there (`3小时前`, `昨天 13:43`), the first dated-and-timed line inside the body, the first timed
/// line after it, page properties in comments and hidden fields, a "last modified" meta, the end of
/// the body, dates inside links near the title, the date in the URL, and last a month (`1998年3月号`).
struct PublishTimeChooser {
    let reader: PublishTime
    let metadata: PageMetadata
    let header: HeaderText
    let bodyText: String
    let url: String?

    func choose() -> ZonedDate? {
        let fromURL = PublishTime.dateInURL(url)
        let near = [header.beforeUnlinked, header.start].map(DateScanner.scan)
        let after = DateScanner.scan(header.after)
        let timed = Array(near.joined()) + after
        if let date = fromMetas(Self.publishedMetas, near: timed) { return date }
        for found in near {
            if let date = firstPlausible(found, yearHint: fromURL?.year, timedAlike: timed) { return date }
        }
        for text in [header.beforeUnlinked, header.start] {
            if let date = RelativeDate.first(in: text, now: reader.now, zone: reader.zone) { return date }
        }
        // A forum thread lists its posts with "发布时间 2005/05/17 22:11:42": the first post's time is
        // the thread's publish time, and a news page's first timed line in the body is its own.
        let inBody = DateScanner.scan(bodyText).filter { $0.year != nil && $0.hour != nil }
        for candidate in inBody {
            if let date = reader.resolve(candidate, yearHint: nil) { return date }
        }
        // Templates that print `发表于 2005-04-27 14:32` under the text, outside the body's block.
        if let first = after.first(where: { $0.year != nil && $0.hour != nil }), let date = reader.resolve(first, yearHint: nil) {
            return date
        }
        // CMS page properties left in a comment or a hidden field (`<date>2005-04-27</date>`).
        for value in metadata.propertyDates {
            if let date = reader.parse(value) { return date }
        }
        // Encyclopedia and wiki pages have no publish time, only "last edited" (`dateModified`,
        // 百度百科's `dateUpdate`): the best there is, but never above a date shown on the page.
        if let date = fromMetas(Self.modifiedMetas, near: []) { return date }
        if let date = firstPlausible(DateScanner.scan(header.tail), yearHint: fromURL?.year, timedAlike: timed) {
            return date
        }
        // Dates inside links near the title come last among the page's own: they are mostly teasers'.
        if let date = firstPlausible(DateScanner.scan(header.beforeLinked), yearHint: fromURL?.year, timedAlike: []) {
            return date
        }
        if let date = fromURL.flatMap({ reader.resolve($0, yearHint: nil) }) { return date }
        // A magazine's `1998年3月号` names only its month: better than nothing, never above a day.
        for text in [header.beforeUnlinked, header.start, header.tail] {
            if let found = DateScanner.monthOnly(in: text), let date = reader.resolve(found, yearHint: nil) { return date }
        }
        return nil
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
    /// A date without a time takes the time of a timed date of the same day nearby (`timedAlike`).
    private func firstPlausible(_ found: [DateScanner.Found], yearHint: Int?, timedAlike: [DateScanner.Found]) -> ZonedDate? {
        let ordered = found.filter { $0.hour != nil && $0.year != nil } + found.filter { $0.year != nil && $0.hour == nil }
            + found.filter { $0.year == nil }
        for candidate in ordered {
            guard let date = reader.resolve(candidate, yearHint: yearHint) else { continue }
            if candidate.hour == nil, let timed = sameDayWithTime(date, in: timedAlike) { return timed }
            return date
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
