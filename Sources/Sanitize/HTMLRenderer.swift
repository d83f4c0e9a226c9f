import Foundation
import Markup

/// Writes the allowed part of a tree as HTML whose structure libxml2 reads back unchanged.
///
/// Elements are opened lazily, when the first real content arrives, so empty paragraphs and links
/// never appear; inline runs in a flow context get a `<p>`, stray content in a list gets an `<li>`, and
/// a block inside a paragraph becomes a line break. That keeps the output inside the content model
/// libxml2's parser enforces, which is what makes sanitizing twice a no-op. The walk is a loop over
/// the flat tree, never a recursion, and the output nests at most `maximumDepth` elements deep.
struct HTMLRenderer {
    enum Context { case flow, figure, cell, phrasing, list, table, tableSection, row }
    enum Piece { case text, inline, image, lineBreak, textBlock, section, listItem, tableCell, caption,
                      list, table, tableSection, row }

    struct Entry {
        var tag: String
        var attributes: String
        var context: Context
        var isBlock: Bool
        var isAuto: Bool
        var preformatted: Bool
        var opened = false
        var outputStart = 0
        var contentStart = 0
        var textStart = 0
    }

    static let maximumDepth = 48

    let urls: URLPolicy
    private(set) var html: [UInt8] = []
    private(set) var text: [UInt8] = []
    private var entries: [Entry] = [Entry(tag: "", attributes: "", context: .flow, isBlock: true,
                                          isAuto: false, preformatted: false, opened: true)]
    private var pendingSpace = false
    private var pendingBreaks = 0
    private var atBlockStart = true
    private var afterImage = false

    init(urls: URLPolicy) {
        self.urls = urls
    }

    // MARK: Walking the tree

    /// Renders `root` and its subtree up to (not including) node `stop`; `skip` removes a subtree
    /// (with its content) by index.
    mutating func render(_ tree: FlatTree, root: Int, stop: Int? = nil, skip: (Int) -> Bool = { _ in false }) {
        // Per open source element: where its subtree ends and how many output entries it pushed.
        var open: [(end: Int, pushed: Int, boundary: Bool)] = []
        var index = root
        let end = min(Int(tree.subtreeEnd[root]), stop ?? Int.max)
        while index < end {
            while let last = open.last, last.end <= index { close(open.removeLast()) }
            switch tree.kinds[index] {
            case .text:
                writeText(tree.texts[index])
                index += 1
            case .other:
                index += 1
            case .element:
                let subtreeEnd = Int(tree.subtreeEnd[index])
                if skip(index) { index = subtreeEnd; continue }
                let action = enter(tree, index)
                if action.dropContent { index = subtreeEnd; continue }
                open.append((subtreeEnd, action.pushed, action.boundary))
                index += 1
            }
        }
        while let last = open.popLast() { close(last) }
        while entries.count > 1 { pop() }
    }

    private mutating func close(_ element: (end: Int, pushed: Int, boundary: Bool)) {
        for _ in 0..<element.pushed { popThroughAutos() }
        if element.boundary { boundary() }
    }

    private mutating func enter(_ tree: FlatTree, _ index: Int) -> (dropContent: Bool, pushed: Int, boundary: Bool) {
        let role = HTMLPolicy.role(of: tree.names[index])
        switch role {
        case .dropped:
            return (true, 0, false)
        case .transparentInline:
            return (false, 0, false)
        case .transparentBlock:
            boundary()
            return (false, 0, true)
        case .lineBreak:
            lineBreak()
            return (true, 0, false)
        case .image:
            if let attributes = imageAttributes(tree, index) { writeImage(attributes) }
            return (true, 0, false)
        case let .inline(tag):
            var attributes = ""
            if tag == "a" {
                guard !entries.contains(where: { $0.tag == "a" }), !HotWordLinks.isHotWord(tree, index),
                      let href = tree.attributeValue("href", at: index).flatMap({ urls.resolve($0, stripTracking: true) })
                else { return (false, 0, false) }
                attributes = " href=\"\(HTMLEscape.attribute(href))\""
                if let title = tree.attributeValue("title", at: index)?.trimmed, !title.isEmpty {
                    attributes += " title=\"\(HTMLEscape.attribute(title))\""
                }
            }
            if entries.contains(where: { $0.tag == tag && !$0.isBlock }) { return (false, 0, false) }
            return push(.inline, tag: tag, attributes: attributes, context: .phrasing, isBlock: false)
        case let .textBlock(tag):
            return push(.textBlock, tag: tag, context: .phrasing, preformatted: tag == "pre")
        case let .section(tag):
            return push(.section, tag: tag, context: tag == "figure" ? .figure : .flow)
        case let .cell(tag):
            let piece: Piece = switch tag { case "li": .listItem; case "figcaption": .caption; default: .tableCell }
            return push(piece, tag: tag, context: .cell)
        case let .list(tag):
            return push(.list, tag: tag, context: .list)
        case .table:
            return push(.table, tag: "table", context: .table)
        case let .tableSection(tag):
            return push(.tableSection, tag: tag, context: .tableSection)
        case .row:
            return push(.row, tag: "tr", context: .row)
        }
    }

    private mutating func push(_ piece: Piece, tag: String, context: Context,
                               preformatted: Bool = false) -> (dropContent: Bool, pushed: Int, boundary: Bool) {
        push(piece, tag: tag, attributes: "", context: context, isBlock: true, preformatted: preformatted)
    }

    /// Places `piece` (adding or closing automatic wrappers) and pushes its entry; an element that fits
    /// nowhere here, or would nest deeper than `maximumDepth`, is rendered as transparent instead.
    ///
    /// Depth is judged after the wrappers are placed, so an element sits at the same depth whether its
    /// wrapper was added here or read back from this output as a real element: that keeps the cut at
    /// the same place when the output is sanitized again.
    private mutating func push(_ piece: Piece, tag: String, attributes: String, context: Context, isBlock: Bool,
                               preformatted: Bool = false) -> (dropContent: Bool, pushed: Int, boundary: Bool) {
        let wrappers = place(piece)
        let tooDeep = entries.count > Self.maximumDepth
        if wrappers > 0 && tooDeep {
            // Just added, never opened: nothing was written for them. Without them the piece does not
            // belong here either (an `<a>` straight in an `<ol>`, which libxml2 reads back elsewhere):
            // it is transparent, like any piece too deep (found by the sanitize harness).
            entries.removeLast(wrappers)
        }
        guard wrappers >= 0, !tooDeep else {
            guard isBlock else { return (false, 0, false) }
            boundary()
            return (false, 0, true)
        }
        if isBlock { startBlock() }
        entries.append(Entry(tag: tag, attributes: attributes, context: context, isBlock: isBlock,
                             isAuto: false, preformatted: preformatted || (entries.last?.preformatted ?? false),
                             textStart: text.count))
        return (false, 1, false)
    }

    // MARK: Content model

    /// Makes the innermost entry accept `piece`: closes automatic wrappers that do not, opens the ones
    /// the context asks for. Returns -1 when the piece does not belong here at all.
    @discardableResult
    private mutating func place(_ piece: Piece) -> Int {
        var added = 0
        while true {
            let top = entries[entries.count - 1]
            if Self.accepts(top.context, piece) { return added }
            if top.isAuto {
                pop()
                continue
            }
            let wrappers = Self.wrappers(top.context, piece)
            guard !wrappers.isEmpty, added == 0 else { return -1 }
            for (tag, context) in wrappers {
                let isBlock = true
                startBlock()
                entries.append(Entry(tag: tag, attributes: "", context: context, isBlock: isBlock, isAuto: true,
                                     preformatted: false, textStart: text.count))
                added += 1
            }
        }
    }

    static func accepts(_ context: Context, _ piece: Piece) -> Bool {
        switch context {
        case .flow: [.textBlock, .section, .list, .table].contains(piece)
        case .figure: [.textBlock, .section, .list, .table, .caption, .image].contains(piece)
        case .cell: [.textBlock, .section, .list, .table, .text, .inline, .image, .lineBreak].contains(piece)
        case .phrasing: [.text, .inline, .image, .lineBreak].contains(piece)
        case .list: piece == .listItem
        case .table: piece == .tableSection || piece == .row
        case .tableSection: piece == .row
        case .row: piece == .tableCell
        }
    }

    static func wrappers(_ context: Context, _ piece: Piece) -> [(String, Context)] {
        let isInline = [.text, .inline, .image, .lineBreak].contains(piece)
        let isStray = [.listItem, .tableCell, .caption, .row, .tableSection].contains(piece)
        switch context {
        case .flow, .figure: return isInline ? [("p", .phrasing)] : []
        case .list: return isStray ? [] : [("li", .cell)]
        case .table, .tableSection:
            if piece == .tableCell { return [("tr", .row)] }
            return isStray ? [] : [("tr", .row), ("td", .cell)]
        case .row: return isStray ? [] : [("td", .cell)]
        case .cell, .phrasing: return []
        }
    }

    // MARK: Writing

    private mutating func writeText(_ raw: String) {
        var raw = raw
        if entries[entries.count - 1].preformatted {
            guard !raw.isEmpty, place(.text) >= 0 else { return }
            raw.withUTF8 { bytes in writeContent(escaping: bytes[...]) }
            return
        }
        raw.withUTF8 { bytes in
            // Collapsible whitespace is ASCII, so splitting the UTF-8 bytes never cuts a character.
            var start = 0
            var first = true
            for position in 0...bytes.count {
                guard position == bytes.count || Self.isCollapsible(bytes[position]) else { continue }
                if !first { pendingSpace = true }
                first = false
                var word = bytes[start..<position]
                start = position + 1
                if atBlockStart { word = Self.droppingLeadingSpaces(word) }
                if word.isEmpty { continue }
                if Self.isAllSpaces(word) { pendingSpace = true; continue }
                guard place(.text) >= 0 else { return }
                writeContent(escaping: word)
            }
        }
    }

    /// Non-breaking and ideographic spaces, which libxml2 keeps as text but readers see as blank.
    static func spaceLength(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, at index: Int) -> Int {
        if bytes[index] == 0xC2, index + 1 < bytes.endIndex, bytes[index + 1] == 0xA0 { return 2 }
        if bytes[index] == 0xE3, index + 2 < bytes.endIndex, bytes[index + 1] == 0x80, bytes[index + 2] == 0x80 {
            return 3
        }
        return 0
    }

    static func droppingLeadingSpaces(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let length = spaceLength(bytes, at: index)
            if length == 0 { break }
            index += length
        }
        return bytes[index...]
    }

    static func isAllSpaces(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        droppingLeadingSpaces(bytes).isEmpty
    }

    private mutating func writeImage(_ attributes: String) {
        guard place(.image) >= 0 else { return }
        writeContent("<img\(attributes)>", plain: "")
        afterImage = true
    }

    private mutating func lineBreak() {
        guard !atBlockStart else { return }
        if place(.lineBreak) < 0 { return }
        pendingBreaks = min(pendingBreaks + 1, 2)
        pendingSpace = false
    }

    /// A block starts or ends here without an element of its own: inline runs end.
    private mutating func boundary() {
        let top = entries[entries.count - 1]
        if top.isAuto && top.isBlock && top.context == .phrasing {
            pop()
        } else if (top.context == .phrasing || top.context == .cell) && !atBlockStart {
            pendingBreaks = max(pendingBreaks, 1)
            pendingSpace = false
            return
        }
        startBlock()
    }

    private mutating func startBlock() {
        pendingSpace = false
        pendingBreaks = 0
        atBlockStart = true
        afterImage = false
    }

    private mutating func writeContent(escaping bytes: Slice<UnsafeBufferPointer<UInt8>>) {
        writeContent { renderer in
            renderer.text.append(contentsOf: bytes)
            HTMLEscape.appendText(bytes, to: &renderer.html)
        }
    }

    private mutating func writeContent(_ markup: String, plain: String) {
        writeContent { renderer in
            renderer.html.append(contentsOf: markup.utf8)
            renderer.text.append(contentsOf: plain.utf8)
        }
    }

    private mutating func writeContent(_ write: (inout HTMLRenderer) -> Void) {
        let firstClosed = entries.lastIndex(where: \.opened)! + 1
        if !atBlockStart {
            if pendingBreaks > 0 {
                // Breaks belong to the innermost block; written before any inline element opens.
                for _ in 0..<pendingBreaks { html.append(contentsOf: "<br>".utf8); text.append(0x0A) }
            } else if pendingSpace && !afterImage {
                html.append(0x20); text.append(0x20)
            }
        }
        pendingSpace = false
        pendingBreaks = 0
        afterImage = false
        for position in firstClosed..<entries.count {
            entries[position].outputStart = html.count
            html.append(contentsOf: "<\(entries[position].tag)\(entries[position].attributes)>".utf8)
            entries[position].contentStart = html.count
            entries[position].opened = true
        }
        write(&self)
        atBlockStart = false
    }

    private mutating func popThroughAutos() {
        while entries.count > 1, entries[entries.count - 1].isAuto { pop() }
        if entries.count > 1 { pop() }
    }

    private mutating func pop() {
        let entry = entries.removeLast()
        if entry.opened {
            if entry.isBlock, entry.context != .list, entry.context != .table,
               text.count - entry.textStart <= NavigationLeftovers.maximumBytes,
               !NavigationLeftovers.hasSentencePunctuation(text[entry.textStart...]),
               NavigationLeftovers.matches(String(decoding: text[entry.textStart...], as: UTF8.self)) {
                html.removeSubrange(entry.outputStart...)
                text.removeSubrange(entry.textStart...)
                reopenEmptiedAncestors()
            } else {
                html.append(contentsOf: "</\(entry.tag)>".utf8)
            }
        }
        if entry.isBlock {
            startBlock()
            if !text.isEmpty && text.last != 0x0A { text.append(0x0A) }
        }
    }

    /// After a block was taken back out, an ancestor left with nothing in it is taken out too.
    private mutating func reopenEmptiedAncestors() {
        var position = entries.count - 1
        while position > 0, entries[position].opened, entries[position].contentStart == html.count {
            html.removeSubrange(entries[position].outputStart...)
            entries[position].opened = false
            position -= 1
        }
    }

    // MARK: Attributes

    private func imageAttributes(_ tree: FlatTree, _ index: Int) -> String? {
        let lazy = ["data-src", "data-original", "data-lazy-src", "data-actualsrc", "data-original-src", "src"]
        var source: String?
        for name in lazy {
            if let value = tree.attributeValue(name, at: index), let resolved = urls.resolve(value, stripTracking: false),
               !resolved.isEmpty {
                source = resolved
                break
            }
        }
        guard let source else { return nil }
        var attributes = " src=\"\(HTMLEscape.attribute(source))\""
        if let alt = tree.attributeValue("alt", at: index)?.trimmed, !alt.isEmpty {
            attributes += " alt=\"\(HTMLEscape.attribute(alt))\""
        }
        for name in ["width", "height"] {
            if let value = tree.attributeValue(name, at: index)?.trimmed, !value.isEmpty, value.count <= 5,
               value.allSatisfy({ $0.isASCII && $0.isNumber }) {
                attributes += " \(name)=\"\(value)\""
            }
        }
        return attributes
    }

    // MARK: Whitespace

    static func isCollapsible(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
    }
}

extension String {
    /// Without the characters the output drops, then without blanks around: trimming before dropping
    /// would keep the blank in `"a \u{1}"`, which a second pass then trims (found by the sanitize harness).
    var trimmed: String {
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: unicodeScalars.lazy.filter(HTMLEscape.isAllowedInXML))
        return String(kept).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
