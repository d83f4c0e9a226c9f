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

    /// Rounds of re-reading the output: libxml2's parser can restructure markup the renderer wrote
    /// (it closes an open `<p>` at some block starts), so the output is fed back until it is stable.
    static let stabilisingRounds = 3

    public func sanitize(html: String) -> String {
        guard let document = try? Document(html: html, url: baseURL) else { return "" }
        return sanitize(FlatTree(document: document)).html
    }

    /// Sanitizes the subtree of `root` in a snapshot, leaving out the subtrees `skip` names.
    public func sanitize(_ tree: FlatTree, root: Int = 0, skip: (Int) -> Bool = { _ in false }) -> Output {
        guard tree.count > 0 else { return Output(html: "", text: "") }
        var output = renderOnce(tree, root: root, skip: skip)
        for _ in 0..<Self.stabilisingRounds {
            guard let document = try? Document(html: output.html) else { break }
            let again = renderOnce(FlatTree(document: document), root: 0, skip: { _ in false })
            if again == output { break }
            output = again
        }
        return output
    }

    private func renderOnce(_ tree: FlatTree, root: Int, skip: (Int) -> Bool) -> Output {
        guard tree.count > 0 else { return Output(html: "", text: "") }
        var renderer = HTMLRenderer(urls: URLPolicy(baseURL: baseURL))
        renderer.render(tree, root: root, skip: skip)
        let text = String(decoding: renderer.text, as: UTF8.self)
            .split(separator: "\n").map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
            .joined(separator: "\n")
        return Output(html: String(decoding: renderer.html, as: UTF8.self), text: text)
    }
}

extension Substring {
    var trimmingWhitespace: Substring {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return self[first...last]
    }
}
