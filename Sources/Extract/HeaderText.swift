import Markup

/// The short texts where bylines and dates live: after the title heading (or just before the body
/// when there is no heading), the start of the body, its end, and the lines right after it.
///
/// For dates the link texts of `before` are kept apart: there a date inside a link belongs to a teaser
/// or an archive list (a sidebar the window reaches on a page without a title heading), not to the
/// article. Bylines keep them (`来源：<a>新华网</a>`).
struct HeaderText {
    var before = ""
    /// `before` without its link texts, and those link texts.
    var beforeUnlinked = ""
    var beforeLinked = ""
    var start = ""
    var tail = ""
    /// After the body: the `发表于 …` footer line some templates print under the text.
    var after = ""

    static let span = 320

    init(tree: FlatTree, stats: TextStatistics, heading: Int?, body: Int) {
        let bodyEnd = Int(tree.subtreeEnd[body])
        if let heading {
            (before, beforeUnlinked, beforeLinked) = Self.collectSeparatingLinks(tree, stats, from: Int(tree.subtreeEnd[heading]))
        } else {
            var index = body - 1
            var parts: [String] = []
            var unlinked: [String] = []
            var linked: [String] = []
            var length = 0
            while index >= 0, length < Self.span {
                if tree.kinds[index] == .text && stats.characters[index] > 0 {
                    parts.append(tree.texts[index])
                    if stats.linkCharacters[index] > 0 { linked.append(tree.texts[index]) } else { unlinked.append(tree.texts[index]) }
                    length += LineText.characterCount(tree.texts[index])
                }
                index -= 1
            }
            before = parts.reversed().joined(separator: " ")
            beforeUnlinked = unlinked.reversed().joined(separator: " ")
            beforeLinked = linked.reversed().joined(separator: " ")
        }
        start = Self.collect(tree, stats, from: body, to: bodyEnd)
        after = Self.collect(tree, stats, from: bodyEnd, to: tree.count)
        var index = bodyEnd - 1
        var parts: [String] = []
        var length = 0
        while index > body, length < Self.span {
            if tree.kinds[index] == .text && stats.characters[index] > 0 {
                parts.append(tree.texts[index])
                length += LineText.characterCount(tree.texts[index])
            }
            index -= 1
        }
        tail = parts.reversed().joined(separator: " ")
    }

    private static func collectSeparatingLinks(_ tree: FlatTree, _ stats: TextStatistics,
                                               from: Int) -> (all: String, unlinked: String, linked: String) {
        var parts: [String] = []
        var unlinked: [String] = []
        var linked: [String] = []
        var length = 0
        var index = from
        while index < tree.count, length < span {
            if tree.kinds[index] == .text && stats.characters[index] > 0 {
                parts.append(tree.texts[index])
                if stats.linkCharacters[index] > 0 { linked.append(tree.texts[index]) } else { unlinked.append(tree.texts[index]) }
                length += LineText.characterCount(tree.texts[index])
            }
            index += 1
        }
        return (parts.joined(separator: " "), unlinked.joined(separator: " "), linked.joined(separator: " "))
    }

    private static func collect(_ tree: FlatTree, _ stats: TextStatistics, from: Int, to: Int) -> String {
        var parts: [String] = []
        var length = 0
        var index = from
        while index < to, length < span {
            if tree.kinds[index] == .text && stats.characters[index] > 0 {
                parts.append(tree.texts[index])
                length += LineText.characterCount(tree.texts[index])
            }
            index += 1
        }
        return parts.joined(separator: " ")
    }
}
