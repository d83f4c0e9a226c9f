import Foundation
import Markup
import Model

/// A plain-text article with no metadata (seed 004): the title is the first line that reads as a
/// headline, the outlet comes from a trailing 来源 line, and the publish time stays unknown.
struct PlainTextParser {
    let location: String

    func parse(_ text: String) throws(SourceError) -> ArticleDraft {
        var lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var outlet: String?
        if let last = lines.last, let name = OutletLine.outlet(in: last) {
            outlet = name
            lines.removeLast()
        }
        guard let titleIndex = lines.firstIndex(where: Self.readsAsHeadline) else { throw .noTitle(location: location) }
        let title = lines[titleIndex]
        let paragraphs = lines.enumerated().filter { index, line in
            index != titleIndex && !(index < titleIndex && Self.isLabel(line))
        }.map(\.element)
        let html = paragraphs.map { "<p>\(HTMLEscape.text($0))</p>" }.joined(separator: "\n")
        return ArticleDraft(itemID: location, title: title, outlet: outlet, bodyHTML: html)
    }

    /// Section labels that stand above a lede, not headlines: 导读 / 導讀, often spaced out (`導 讀`).
    static let labels: Set<String> = ["导读", "導讀", "摘要", "提要", "编者按", "編者按", "核心提示", "导语", "導語"]

    static func isLabel(_ line: String) -> Bool {
        let compact = line.filter { !$0.isWhitespace && !":：".contains($0) }
        return labels.contains(compact)
    }

    /// A headline is short, is not a label, and does not end like a sentence; a lede or a paragraph of
    /// running text (several clauses, a full stop) is not one.
    static func readsAsHeadline(_ line: String) -> Bool {
        guard !isLabel(line) else { return false }
        let length = line.count
        guard (5...64).contains(length) else { return false }
        if let last = line.last, "。！？!?.;；…,，、：:".contains(last) { return false }
        let clauses = line.filter { "，,。；;".contains($0) }.count
        return clauses <= 1
    }
}
