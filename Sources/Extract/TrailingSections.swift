import Markup

/// Where the article ends inside its block: a caption like 热门评论 or 相关阅读 late in the body opens the
/// comments or the teasers that templates put in the same container as the text. Everything from
/// that caption on is left out.
enum TrailingSections {
    static let captions: Set<String> = [
        "热门评论", "最新评论", "网友评论", "精彩评论", "全部评论", "发表评论", "我要评论", "评论列表",
        "相关新闻", "相关阅读", "相关文章", "相关推荐", "推荐阅读", "推荐文章", "猜你喜欢", "为你推荐",
        "热点推荐", "精彩推荐", "热门推荐", "热门文章", "更多精彩", "更多精彩内容", "大家都在看", "今日推荐",
    ]

    /// First characters of the captions, with the brackets they come in: a cheap test before the real one.
    static let openers: Set<Unicode.Scalar> = Set(captions.compactMap(\.unicodeScalars.first) + ["【", "["])

    /// The index of the caption that ends the article, nil when the body has none in its second half.
    /// The cut goes at the outermost element around the caption that holds nothing else.
    static func cut(_ tree: FlatTree, _ stats: TextStatistics, body: Int) -> Int? {
        let total = Int(stats.characters[body])
        var before = 0
        for index in (body + 1)..<Int(tree.subtreeEnd[body]) where tree.kinds[index] == .text {
            let characters = stats.characters[index]
            defer { before += Int(characters) }
            guard (2...12).contains(characters), before * 2 >= total,
                  let first = tree.texts[index].unicodeScalars.first(where: { !$0.properties.isWhitespace }),
                  openers.contains(first), captions.contains(caption(tree.texts[index])) else { continue }
            var start = index
            while case let parent = Int(tree.parents[start]), parent != body, parent >= 0,
                  stats.characters[parent] == characters {
                start = parent
            }
            return start
        }
        return nil
    }

    /// The text without blanks and the brackets and colons captions wear: `【相关阅读】`, `热门评论：`.
    private static func caption(_ text: String) -> String {
        String(text.filter { !$0.isWhitespace && !"【】[]：:>》·".contains($0) })
    }
}
