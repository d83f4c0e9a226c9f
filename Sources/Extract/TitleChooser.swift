/// The article title: the heading the `<title>` agrees with, else `og:title`, else `<title>` without
/// its site suffix (`_新浪财经`, `-新华网`, `|…`).
enum TitleChooser {
    static let separators: Set<Character> = ["_", "|", "｜", "－", "—", "–", "-", "·"]

    static func choose(_ metadata: PageMetadata) -> (title: String?, headingIndex: Int?) {
        let documentTitle = metadata.title.map(normalised) ?? ""
        let openGraph = (metadata.metas["og:title"] ?? metadata.metas["twitter:title"]).map(normalised)
        for heading in metadata.headings {
            let text = normalised(heading.text)
            guard text.count >= 4 else { continue }
            if documentTitle.contains(text) || openGraph?.contains(text) == true
                || (!documentTitle.isEmpty && text.contains(strippingSite(documentTitle))) {
                return (text, heading.index)
            }
        }
        if let openGraph, !openGraph.isEmpty { return (strippingSite(openGraph), nil) }
        if !documentTitle.isEmpty { return (strippingSite(documentTitle), nil) }
        if let first = metadata.headings.first { return (normalised(first.text), first.index) }
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
