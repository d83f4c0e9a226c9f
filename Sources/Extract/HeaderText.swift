import Markup

/// The short texts where bylines and dates live: after the title heading (or just before the body
/// when there is no heading), the start of the body, and its end.
struct HeaderText {
    var before = ""
    var start = ""
    var tail = ""

    static let span = 320

    init(tree: FlatTree, stats: TextStatistics, heading: Int?, body: Int) {
        let bodyEnd = Int(tree.subtreeEnd[body])
        if let heading {
            before = Self.collect(tree, stats, from: Int(tree.subtreeEnd[heading]), to: tree.count)
        } else {
            var index = body - 1
            var parts: [String] = []
            var length = 0
            while index >= 0, length < Self.span {
                if tree.kinds[index] == .text && stats.characters[index] > 0 {
                    parts.append(tree.texts[index])
                    length += tree.texts[index].count
                }
                index -= 1
            }
            before = parts.reversed().joined(separator: " ")
        }
        start = Self.collect(tree, stats, from: body, to: bodyEnd)
        var index = bodyEnd - 1
        var parts: [String] = []
        var length = 0
        while index > body, length < Self.span {
            if tree.kinds[index] == .text && stats.characters[index] > 0 {
                parts.append(tree.texts[index])
                length += tree.texts[index].count
            }
            index -= 1
        }
        tail = parts.reversed().joined(separator: " ")
    }

    private static func collect(_ tree: FlatTree, _ stats: TextStatistics, from: Int, to: Int) -> String {
        var parts: [String] = []
        var length = 0
        var index = from
        while index < to, length < span {
            if tree.kinds[index] == .text && stats.characters[index] > 0 {
                parts.append(tree.texts[index])
                length += tree.texts[index].count
            }
            index += 1
        }
        return parts.joined(separator: " ")
    }
}
