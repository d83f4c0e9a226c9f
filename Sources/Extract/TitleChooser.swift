/// The article title: the heading the `<title>` agrees with, else `og:title`, else `<title>` without
/// its site suffix (`_新浪财经`, `-新华网`, `|…`).
enum TitleChooser {
    static let separators: Set<Character> = ["_", "|", "｜", "－", "—", "–", "-", "·"]

    static func choose(_ metadata: PageMetadata) -> (title: String?, headingIndex: Int?) {
        let documentTitle = metadata.title.map(normalised) ?? ""
        let stripped = strippingSite(documentTitle)
        let openGraph = (metadata.metas["og:title"] ?? metadata.metas["twitter:title"]).map(normalised)
        let headings = ["h1", "h2", "h3"].flatMap { level in
            metadata.headings.filter { $0.level == level }.map { (index: $0.index, text: normalised($0.text)) }
        }
        // The heading that is the `<title>` without its site; else the longest heading the `<title>`
        // quotes (a blog's `<h1>` is its name, the post's `<h3>` the rest of the title); else an
        // `<h1>` before an `<h2>` that contains the title: encyclopedia pages repeat the entry name in
        // every section heading (`蔡健雅 早年经历`).
        if let exact = headings.first(where: { $0.text == stripped && $0.text.count >= 2 }) {
            return (exact.text, exact.index)
        }
        let quoted = headings.filter {
            $0.text.count >= 4 && (documentTitle.contains($0.text) || openGraph?.contains($0.text) == true)
        }
        if let longest = quoted.max(by: { $0.text.count < $1.text.count }) { return (longest.text, longest.index) }
        if !documentTitle.isEmpty,
           let containing = headings.first(where: { $0.text.count >= 4 && $0.text.contains(stripped) }) {
            return (containing.text, containing.index)
        }
        if let openGraph, !openGraph.isEmpty { return (strippingSite(openGraph), nil) }
        if !documentTitle.isEmpty { return (stripped, nil) }
        // Without a `<title>` to agree with, only a top-level heading: `<h3>`s are sidebar captions.
        if let first = metadata.headings.first(where: { $0.level != "h3" }) {
            return (normalised(first.text), first.index)
        }
        return (nil, nil)
    }

    static func normalised(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The longest part between separators: site and channel names are the short ones.
    static func strippingSite(_ title: String) -> String {
        let parts = title.split(whereSeparator: { separators.contains($0) })
            .map { $0.trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
        guard parts.count > 1 else { return title }
        let first = parts[0]
        let longest = parts.max(by: { $0.count < $1.count }) ?? first
        // Titles usually lead; a later part wins only when clearly longer.
        return longest.count > first.count * 2 ? longest : first
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String {
        String(drop(while: { set.contains($0) }).reversed().drop(while: { set.contains($0) }).reversed())
    }
}
