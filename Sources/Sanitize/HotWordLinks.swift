import Markup

/// Links a CMS puts on stock names and keywords inside the text (`<a class="trsHotWords"
/// href=".../stock/?stockcode=SS601328" code="601328">交通银行</a>` in seed 002). They point to quote
/// pages, not to anything the article cites, so the sanitizer keeps their words and drops the link.
enum HotWordLinks {
    static let classMarkers = ["hotword", "keylink", "keyword", "stock-link", "stocklink", "autolink"]
    static let queryMarkers = ["stockcode=", "stock_code=", "stockid=", "secucode="]

    static func isHotWord(_ tree: FlatTree, _ index: Int) -> Bool {
        if let classes = tree.attribute("class", at: index)?.lowercased(),
           classMarkers.contains(where: classes.contains) {
            return true
        }
        if tree.attribute("code", at: index) != nil || tree.attribute("data-stockcode", at: index) != nil {
            return true
        }
        guard let href = tree.attribute("href", at: index)?.lowercased() else { return false }
        return queryMarkers.contains(where: href.contains)
    }
}
