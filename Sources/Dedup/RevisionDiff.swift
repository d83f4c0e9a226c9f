import Foundation

/// What changed between two versions of one article's text, for the change log's `updated` event.
public struct RevisionDiff: Sendable, Hashable {
    public var paragraphsAdded: Int
    public var paragraphsRemoved: Int
    public var paragraphsChanged: Int
    public var charactersAdded: Int
    public var charactersRemoved: Int
    /// Only whitespace, punctuation width (full/half) or boilerplate lines (an added advertisement,
    /// a disclaimer) differ: recorded, but by default it does not bump `updated` in feeds.
    public var isTrivial: Bool

    public var isUnchanged: Bool { paragraphsAdded + paragraphsRemoved + paragraphsChanged == 0 }

    /// A short summary such as `1 paragraph changed, 2 added; +120/-35 characters (trivial)`.
    public var summary: String {
        if isUnchanged { return isTrivial ? "whitespace only (trivial)" : "no change" }
        let parts = [(paragraphsChanged, "changed"), (paragraphsAdded, "added"), (paragraphsRemoved, "removed")]
            .filter { $0.0 > 0 }
        let counted = parts.enumerated().map { offset, part in
            offset == 0 ? "\(part.0) paragraph\(part.0 == 1 ? "" : "s") \(part.1)" : "\(part.0) \(part.1)"
        }
        return counted.joined(separator: ", ") + "; +\(charactersAdded)/-\(charactersRemoved) characters"
            + (isTrivial ? " (trivial)" : "")
    }

    /// Compares paragraph multisets (linear, so a 5 MB body costs no more than reading it): a removed
    /// and an added paragraph pair up as one changed paragraph.
    public static func compare(old: String, new: String, rules: BoilerplateRules = .standard) -> RevisionDiff {
        let before = paragraphs(old), after = paragraphs(new)
        var remaining: [Substring: Int] = [:]
        for paragraph in before { remaining[paragraph, default: 0] += 1 }
        var added: [Substring] = []
        for paragraph in after {
            if let count = remaining[paragraph], count > 0 { remaining[paragraph] = count - 1 } else { added.append(paragraph) }
        }
        let removed = before.filter { paragraph in
            guard let count = remaining[paragraph], count > 0 else { return false }
            remaining[paragraph] = count - 1
            return true
        }
        let changed = min(added.count, removed.count)
        return RevisionDiff(
            paragraphsAdded: added.count - changed, paragraphsRemoved: removed.count - changed,
            paragraphsChanged: changed,
            charactersAdded: added.reduce(0) { $0 + $1.count }, charactersRemoved: removed.reduce(0) { $0 + $1.count },
            isTrivial: trivialForm(old, rules: rules) == trivialForm(new, rules: rules))
    }

    private static func paragraphs(_ text: String) -> [Substring] {
        text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces)[...] }
            .filter { !$0.isEmpty }
    }

    /// The text with what a trivial edit may touch taken out: boilerplate lines dropped, NFKC (which
    /// folds full-width forms, UAX #15), the ideographic full stop folded with `.`, whitespace removed.
    static func trivialForm(_ text: String, rules: BoilerplateRules) -> String {
        let folded = text.precomposedStringWithCompatibilityMapping
        var result = String.UnicodeScalarView()
        for line in folded.split(whereSeparator: \.isNewline) where !rules.isBoilerplate(line) {
            for scalar in line.unicodeScalars where !scalar.properties.isWhitespace {
                result.append(scalar == "\u{3002}" ? "." : scalar)
            }
        }
        return String(result)
    }
}
