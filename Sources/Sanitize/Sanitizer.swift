import Foundation
public import Markup

/// Makes article HTML safe to render in a feed reader, with the allowlist of issue 4: p, br, h2–h6,
/// strong, b, em, i, u, s, blockquote, pre, code, ul, ol, li, table, thead, tbody, tr, th, td, figure,
/// figcaption, img[src alt width height], a[href title]. Everything else is unwrapped, or dropped with
/// its content when it is script, style, embedding or form material. URLs are http, https or mailto,
/// absolute against `baseURL`; lazy images get their real source; tracking parameters, stock hot-word
/// links, empty paragraphs and navigation leftovers go. Sanitizing the output again changes nothing.
public struct Sanitizer: Sendable {
    public let baseURL: String?

    public init(baseURL: String? = nil) {
        self.baseURL = baseURL
    }

    /// The sanitized HTML together with its plain text, one line per block.
    public struct Output: Sendable, Equatable {
        public var html: String
        public var text: String
    }

    public func sanitize(html: String) -> String {
        clean(html: html).html
    }

    /// The sanitized HTML and its plain text, from one parse and one walk.
    public func clean(html: String) -> Output {
        guard let document = try? Document(htmlText: html, url: baseURL) else { return Output(html: "", text: "") }
        return sanitize(FlatTree(document: document))
    }

    /// Sanitizes the subtree of `root` in a snapshot, up to (not including) the node `stop` when one
    /// is given, leaving out the subtrees `skip` names.
    ///
    /// One pass, no re-parse: the renderer writes only structure libxml2's HTML parser reads back as
    /// written (see `HTMLRenderer`), so the output is a fixed point by construction. The tests check
    /// that on every shared fixture page and every XSS payload.
    public func sanitize(_ tree: FlatTree, root: Int = 0, stop: Int? = nil,
                         skip: (Int) -> Bool = { _ in false }) -> Output {
        renderOnce(tree, root: root, stop: stop, skip: skip)
    }

    private func renderOnce(_ tree: FlatTree, root: Int, stop: Int? = nil, skip: (Int) -> Bool) -> Output {
        guard tree.count > 0 else { return Output(html: "", text: "") }
        var renderer = HTMLRenderer(urls: URLPolicy(baseURL: baseURL))
        renderer.render(tree, root: root, stop: stop, skip: skip)
        let text = String(decoding: Self.trimmedLines(renderer.text), as: UTF8.self)
        return Output(html: String(decoding: renderer.html, as: UTF8.self), text: text)
    }

    /// Lines without leading and trailing blanks (ASCII, no-break and ideographic spaces), empty lines
    /// dropped; on UTF-8 bytes, since this runs over every extracted article.
    static func trimmedLines(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            var lower = start
            var upper = end
            while lower < upper, let length = blankLength(bytes, at: lower) { lower += length }
            while lower < upper, let length = blankLength(before: upper, in: bytes) { upper -= length }
            if lower < upper {
                if !output.isEmpty { output.append(0x0A) }
                output.append(contentsOf: bytes[lower..<upper])
            }
            start = end + 1
        }
        return output
    }

    private static func blankLength(_ bytes: [UInt8], at index: Int) -> Int? {
        switch bytes[index] {
        case 0x20, 0x09, 0x0D, 0x0C: return 1
        case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xA0: return 2
        case 0xE3 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80: return 3
        default: return nil
        }
    }

    private static func blankLength(before end: Int, in bytes: [UInt8]) -> Int? {
        if let length = blankLength(bytes, at: end - 1), length == 1 { return 1 }
        if end >= 2, bytes[end - 2] == 0xC2, bytes[end - 1] == 0xA0 { return 2 }
        if end >= 3, bytes[end - 3] == 0xE3, bytes[end - 2] == 0x80, bytes[end - 1] == 0x80 { return 3 }
        return nil
    }
}
