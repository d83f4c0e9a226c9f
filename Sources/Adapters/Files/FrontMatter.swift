import Foundation
import Model
import Yams

/// YAML between `---` lines at the top of a post, as Jekyll and Hexo write it.
struct FrontMatter {
    var fields: Fields
    var body: String

    /// Nil when the text has no front matter at all; an error when it starts one and never closes it,
    /// or when the YAML inside is broken.
    static func split(_ text: String, location: String) throws(SourceError) -> FrontMatter? {
        // Walk lines from the top only as far as the closing fence; the body is never split into lines.
        var lineNumber = 0
        var cursor = text.startIndex
        func nextLine() -> Substring? {
            guard cursor < text.endIndex else { return nil }
            let end = text[cursor...].firstIndex(of: "\n") ?? text.endIndex
            let line = text[cursor..<end]
            cursor = end < text.endIndex ? text.index(after: end) : end
            lineNumber += 1
            return line
        }
        // Leading blank lines are tolerated: the seed script sometimes wrote one before the fence.
        var opening: Substring?
        while let line = nextLine() {
            if !line.trimmingSpaces().isEmpty { opening = line; break }
        }
        guard let opening, opening.trimmingSpaces() == "---" else { return nil }
        let openLine = lineNumber
        let yamlStart = cursor
        while true {
            let lineStart = cursor
            guard let line = nextLine() else {
                throw .frontMatter(location: location, line: openLine, problem: "opened with '---' but never closed")
            }
            let trimmed = line.trimmingSpaces()
            if trimmed == "---" || trimmed == "..." {
                let yaml = String(text[yamlStart..<lineStart])
                return FrontMatter(fields: try Fields(yaml: yaml, firstLine: openLine + 1, location: location),
                                   body: String(text[cursor...]))
            }
        }
    }

    /// The values of the front matter, read leniently: it is input, not configuration, so unknown keys
    /// are ignored and scalars are taken as text.
    struct Fields {
        private var values: [String: Node] = [:]

        init(yaml: String, firstLine: Int, location: String) throws(SourceError) {
            let node: Node?
            do {
                // Values are read as text, so no scalar needs its implicit type: the basic resolver
                // skips Yams's regular expressions (int, float, bool, timestamp), which went through
                // Foundation to ICU for every key and value of every post.
                node = try Yams.compose(yaml: yaml, .basic)
            } catch let YamlError.scanner(_, problem, mark, _), let YamlError.parser(_, problem, mark, _),
                    let YamlError.composer(_, problem, mark, _) {
                throw .frontMatter(location: location, line: firstLine + mark.line - 1, problem: problem)
            } catch {
                throw .frontMatter(location: location, line: firstLine, problem: "\(error)")
            }
            guard let node else { return }
            guard let mapping = node.mapping else {
                throw .frontMatter(location: location, line: firstLine, problem: "expected 'key: value' lines")
            }
            for (key, value) in mapping {
                if let name = key.string { values[name.lowercased()] = value }
            }
            self.firstLine = firstLine
        }

        private var firstLine = 1

        func string(_ key: String) -> String? {
            guard let node = values[key], case .scalar(let scalar) = node else { return nil }
            let text = scalar.string.trimmingWhitespace()
            return text.isEmpty ? nil : text
        }

        func line(of key: String) -> Int? {
            values[key]?.mark.map { firstLine + $0.line - 1 }
        }

        /// A list, or a string that Jekyll splits on white space (`categories: a b`).
        func list(_ key: String) -> [String] {
            guard let node = values[key] else { return [] }
            switch node {
            case .scalar(let scalar):
                return scalar.string.split(whereSeparator: \.isWhitespace).map(String.init)
            case .sequence(let sequence):
                return sequence.compactMap { $0.string?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            default:
                return []
            }
        }
    }
}
