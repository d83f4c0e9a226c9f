/// Author and outlet from the lines around the title: `来源：新华社`, `文章来源：…`, `作者：张三`,
/// `本报记者 张三`, `文/张三`. `责任编辑` names an editor, never the author.
enum Byline {
    static let outletMarkers = ["文章来源", "新闻来源", "信息来源", "稿件来源", "来源", "稿源", "出处"].map(scalars)
    static let authorMarkers = ["作者", "文／", "文/", "撰文", "记者"].map(scalars)
    static let editorPrefixes = ["编辑", "责任"].map(scalars)
    static let stops: Set<Unicode.Scalar> = [
        " ", "\u{3000}", "\u{A0}", "|", "｜", "，", ",", "。", "；", ";", "）", ")", "】", "]", "\n", "\t", "/",
        "／", "(", "（", "【", "[", "<", "《",
    ]
    static let stopWords = ["发布", "时间", "日期", "编辑", "责任", "来源", "作者", "记者", "报道", "摄影", "通讯员",
                            "浏览", "阅读", "点击", "字号", "评论", "分享", "发表"].map(scalars)
    static let blanks: Set<Unicode.Scalar> = [" ", "\u{3000}", "\u{A0}"]

    static func scalars(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }

    static func outlet(in text: String) -> String? {
        let haystack = scalars(text)
        for marker in outletMarkers {
            if let found = occurrences(of: marker, in: haystack).lazy
                .compactMap({ value(after: $0 + marker.count, in: haystack, colonOptional: false, maximum: 20) })
                .first {
                return found
            }
        }
        return nil
    }

    static func author(in text: String) -> String? {
        let haystack = scalars(text)
        for marker in authorMarkers {
            let colonOptional = marker.last == "/" || marker.last == "／" || marker == scalars("记者")
            for start in occurrences(of: marker, in: haystack) {
                let before = Array(haystack[max(0, start - 2)..<start])
                if editorPrefixes.contains(before) { continue }
                if let found = value(after: start + marker.count, in: haystack, colonOptional: colonOptional,
                                     maximum: 12) {
                    return found
                }
            }
        }
        return nil
    }

    static func occurrences(of needle: [Unicode.Scalar], in haystack: [Unicode.Scalar]) -> [Int] {
        guard let first = needle.first, haystack.count >= needle.count else { return [] }
        var result: [Int] = []
        for start in 0...(haystack.count - needle.count) where haystack[start] == first {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { result.append(start) }
        }
        return result
    }

    private static func value(after start: Int, in text: [Unicode.Scalar], colonOptional: Bool,
                              maximum: Int) -> String? {
        var index = start
        while index < text.count, blanks.contains(text[index]) { index += 1 }
        if index < text.count, text[index] == "：" || text[index] == ":" {
            index += 1
            while index < text.count, blanks.contains(text[index]) { index += 1 }
        } else if !colonOptional {
            return nil
        }
        var value: [Unicode.Scalar] = []
        while index < text.count, value.count < maximum, !stops.contains(text[index]),
              !("0"..."9").contains(text[index]) {
            value.append(text[index])
            index += 1
        }
        for word in stopWords {
            if let cut = occurrences(of: word, in: value).first { value = Array(value[..<cut]) }
        }
        let trim: Set<Unicode.Scalar> = [":", "：", "-", "—", "_", " "]
        while let last = value.last, trim.contains(last) { value.removeLast() }
        while let first = value.first, trim.contains(first) { value.removeFirst() }
        guard value.count >= 2 else { return nil }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: value)
        return String(result)
    }
}
