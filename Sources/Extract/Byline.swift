/// Author and outlet from the lines around the title: `来源：新华社`, `文章来源：…`, `作者：张三`,
/// `本报记者 张三`, `文/张三`. `责任编辑` names an editor, never the author.
enum Byline {
    static let outletMarkers = ["文章来源", "新闻来源", "信息来源", "稿件来源", "来源", "稿源", "出处"]
    static let authorMarkers = ["作者", "文／", "文/", "撰文", "记者"]
    static let stops: Set<Character> = [
        " ", "\u{3000}", "\u{A0}", "|", "｜", "，", ",", "。", "；", ";", "）", ")", "】", "]", "\n", "\t", "/",
        "／", "(", "（", "【", "[", "<", "《",
    ]
    static let stopWords = ["发布", "时间", "日期", "编辑", "责任", "来源", "作者", "记者", "报道", "摄影", "通讯员",
                            "浏览", "阅读", "点击", "字号", "评论", "分享", "发表"]

    static func outlet(in text: String) -> String? {
        for marker in outletMarkers {
            if let value = value(after: marker, in: text, maximum: 20) { return value }
        }
        return nil
    }

    static func author(in text: String) -> String? {
        for marker in authorMarkers {
            var searchStart = text.startIndex
            while let range = text[searchStart...].firstRange(of: marker) {
                searchStart = range.upperBound
                let before = text[..<range.lowerBound].suffix(2)
                if before.hasSuffix("编辑") || before.hasSuffix("责任") { continue }
                if let value = value(after: marker, in: text, from: range, maximum: 12) { return value }
            }
        }
        return nil
    }

    private static func value(after marker: String, in text: String, maximum: Int) -> String? {
        guard let range = text.firstRange(of: marker) else { return nil }
        return value(after: marker, in: text, from: range, maximum: maximum)
    }

    private static func value(after marker: String, in text: String, from range: Range<String.Index>,
                              maximum: Int) -> String? {
        var rest = text[range.upperBound...].drop(while: { $0 == " " || $0 == "\u{3000}" || $0 == "\u{A0}" })
        if rest.first == "：" || rest.first == ":" {
            rest = rest.dropFirst().drop(while: { $0 == " " || $0 == "\u{3000}" || $0 == "\u{A0}" })
        } else if !marker.hasSuffix("/") && !marker.hasSuffix("／") && marker != "记者" {
            return nil
        }
        var value = String(rest.prefix(while: { !stops.contains($0) && !$0.isNumber }).prefix(maximum))
        for word in stopWords {
            if let cut = value.firstRange(of: word) { value = String(value[..<cut.lowerBound]) }
        }
        value = value.trimmingCharacters(in: .init(charactersIn: ":：-—_ "))
        guard value.count >= 2 else { return nil }
        return value
    }
}

import Foundation
