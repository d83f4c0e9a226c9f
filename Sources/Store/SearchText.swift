import Dedup
import Foundation

/// Text as the search index sees it: NFKC, Simplified script, lowercase; runs of CJK characters cut
/// into overlapping bigrams and runs of other letters and digits kept as words (ARCHITECTURE.md,
/// "Search"). The index stores these tokens separated by spaces, so SQLite's `unicode61` tokenizer
/// only has to split on the spaces; queries go through the same functions, so both sides agree.
enum SearchText {
    /// A run of letters and digits of one kind, already normalised.
    struct Run: Equatable {
        var scalars: [Unicode.Scalar]
        var isCJK: Bool
    }

    /// What the index holds for one field: the positional tokens, and the last character of every CJK
    /// run longer than one (a bigram only starts with each character but the last, so a one-character
    /// query finds that one here).
    struct Document: Equatable {
        var tokens: String
        var tails: String
    }

    /// Built scalar by scalar (the writer calls this for every article it stores): the same tokens as
    /// `tokens(of:)` joined by spaces, without a string per bigram.
    static func document(_ text: String) -> Document {
        var tokens = String.UnicodeScalarView()
        var tails = String.UnicodeScalarView()
        for run in runs(of: normalize(text)) {
            if !tokens.isEmpty { tokens.append(" ") }
            guard run.isCJK, run.scalars.count > 1 else {
                tokens.append(contentsOf: run.scalars)
                continue
            }
            for index in 0..<(run.scalars.count - 1) {
                if index > 0 { tokens.append(" ") }
                tokens.append(run.scalars[index])
                tokens.append(run.scalars[index + 1])
            }
            if !tails.isEmpty { tails.append(" ") }
            tails.append(run.scalars[run.scalars.count - 1])
        }
        return Document(tokens: String(tokens), tails: String(tails))
    }

    /// Bigrams of a CJK run (the character itself when the run is one long), the word otherwise.
    static func tokens(of run: Run) -> [String] {
        guard run.isCJK, run.scalars.count > 1 else { return [string(run.scalars)] }
        return (0..<(run.scalars.count - 1)).map { string(run.scalars[$0...$0 + 1]) }
    }

    /// Width folded (full-width ASCII and the ideographic space become plain, NFKC's mapping for them),
    /// lowercase, then Simplified script. Not Foundation's full NFKC: it is not safe to call from many
    /// threads at once on Linux (a crash under the test suite's parallel refreshes), and the rest of
    /// what it maps (ligatures, circled digits) is rare in Chinese news.
    static func normalize(_ text: String) -> String {
        var view = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { view.append(fold(scalar)) }
        let folded = String(view).lowercased()
        return ChineseConverter.shared?.simplified(folded) ?? folded
    }

    static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        if value >= 0xFF01 && value <= 0xFF5E { return Unicode.Scalar(value - 0xFEE0) ?? scalar }
        if value == 0x3000 { return " " }
        return scalar
    }

    /// Maximal runs of CJK characters, and of other letters and digits; everything else separates.
    static func runs(of normalized: String) -> [Run] {
        var runs: [Run] = []
        var current = Run(scalars: [], isCJK: false)
        for scalar in normalized.unicodeScalars {
            let kind = kind(of: scalar)
            if kind == nil || (kind == true) != current.isCJK {
                if !current.scalars.isEmpty { runs.append(current) }
                current = Run(scalars: [], isCJK: kind == true)
            }
            if kind != nil { current.scalars.append(scalar) }
        }
        if !current.scalars.isEmpty { runs.append(current) }
        return runs
    }

    /// true: CJK (Han, kana, Hangul); false: another letter or digit; nil: a separator.
    static func kind(of scalar: Unicode.Scalar) -> Bool? {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x30 && value <= 0x39) || (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A)
                ? false : nil
        }
        if isCJK(value) { return true }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil ? false : nil
    }

    static func isCJK(_ value: UInt32) -> Bool {
        (value >= 0x3040 && value <= 0x30FF) || (value >= 0x3400 && value <= 0x4DBF) || (value >= 0x4E00 && value <= 0x9FFF)
            || (value >= 0xAC00 && value <= 0xD7AF) || (value >= 0xF900 && value <= 0xFAFF)
            || (value >= 0x20000 && value <= 0x3FFFF)
    }

    static func string(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
