/// Lines that are site navigation, not article: `返回首页`, `[返回南京晨报新闻](…)｜[返回首页](…)`
/// (seeds 000, 001, 003), `【打印】【关闭】`, `返回顶部`.
enum NavigationLeftovers {
    static let phrases: Set<String> = [
        "打印", "关闭", "打印本页", "关闭窗口", "关闭本页", "打印此文", "顶部", "回到顶部", "收藏", "收藏本文",
        "分享到", "分享", "推荐给朋友", "字号", "大", "中", "小", "默认", "纠错", "我要纠错", "举报",
        "top", "back to top", "print", "close",
    ]
    static let separators: Set<Character> = ["|", "｜", "/", "·", "•", "丨", "│", "[", "]", "【", "】", "(", ")", "（",
                                              "）", "<", ">", "《", "》", "：", ":", "〖", "〗", "-", "_"]

    /// Navigation lines are short; longer blocks are not even decoded for the check.
    static let maximumBytes = 160

    /// A full-width comma or full stop (UTF-8 bytes) marks prose: no navigation line has them.
    static func hasSentencePunctuation(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index + 2 < bytes.endIndex {
            if bytes[index] == 0xEF && bytes[index + 1] == 0xBC && bytes[index + 2] == 0x8C { return true }   // ，
            if bytes[index] == 0xE3 && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x82 { return true }   // 。
            index += 1
        }
        return false
    }

    /// True when every part of `text` is a navigation phrase (and there is at least one).
    static func matches(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 80 else { return false }
        // An editor's credit line closes many Chinese articles; it is page chrome, not article text.
        if (text.hasPrefix("责任编辑") || text.hasPrefix("编辑：") || text.hasPrefix("编辑:")) && text.count <= 24 {
            return true
        }
        let withoutLinks = removingMarkdownTargets(text)
        let parts = withoutLinks.split(whereSeparator: { separators.contains($0) || $0.isWhitespace })
        guard !parts.isEmpty else { return false }
        return parts.allSatisfy { part in
            let lower = part.lowercased()
            return phrases.contains(lower) || (part.hasPrefix("返回") && part.count <= 12)
        }
    }

    /// `[label](target)` → `label`: a markdown link pasted into HTML by a crawler.
    private static func removingMarkdownTargets(_ text: String) -> String {
        var result = ""
        var skipping = false
        var previous: Character = " "
        for character in text {
            if skipping {
                if character == ")" { skipping = false }
            } else if character == "(" && previous == "]" {
                skipping = true
            } else {
                result.append(character)
            }
            previous = character
        }
        return result
    }
}
