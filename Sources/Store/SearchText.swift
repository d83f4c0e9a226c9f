import Dedup
import Foundation
import Synchronization

/// What the search index holds for one article: its title's and text's tokens (SearchText's bigrams
/// and words, space-separated) and the tails of their CJK runs. Built by the refresh's preparation
/// stage on all cores (`PreparedArticle`), so the single writer only hands it to FTS5
/// (ARCHITECTURE.md, "Search").
public struct SearchDocument: Sendable, Equatable {
    public let title: String
    public let body: String
    public let tails: String

    public init(title: String, text: String) {
        let (title, body) = (SearchText.document(title), SearchText.document(text))
        self.title = title.tokens
        self.body = body.tokens
        tails = title.tails + " " + body.tails
    }
}

extension SearchDocument {
    /// The documents of many texts, made on all cores (an index rebuilt by a migration).
    static func make(_ texts: [(title: String, text: String)]) -> [SearchDocument] {
        guard !texts.isEmpty else { return [] }
        let slices = min(texts.count, ProcessInfo.processInfo.activeProcessorCount * 4)
        let made = Mutex([[SearchDocument]](repeating: [], count: slices))
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            let range = stride(from: slice, to: texts.count, by: slices)
            let documents = range.map { SearchDocument(title: texts[$0].title, text: texts[$0].text) }
            made.withLock { $0[slice] = documents }
        }
        let parts = made.withLock { $0 }
        return texts.indices.map { parts[$0 % slices][$0 / slices] }
    }
}

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

    /// Built in one pass over the normalised text, as UTF-8 (preparation calls this for every article):
    /// the same tokens as `tokens(of:)` for each of `runs(of:)`, joined by spaces, without a string per
    /// bigram or an array per run.
    static func document(_ text: String) -> Document {
        let normalized = normalizedUTF8(text)
        var tokens: [UInt8] = [], tails: [UInt8] = []
        tokens.reserveCapacity(normalized.count * 2 + 16)
        var runKind: Bool?, runLength = 0
        var last: Unicode.Scalar = " "
        func closeRun() {
            if runKind == true {
                if runLength == 1 {
                    append(last, to: &tokens)
                } else {
                    if !tails.isEmpty { tails.append(0x20) }
                    append(last, to: &tails)
                }
            }
            runKind = nil
            runLength = 0
        }
        var index = 0
        while index < normalized.count {
            let scalar = decodeScalar(normalized, at: &index)
            let kind = kind(of: scalar)
            if kind != runKind { closeRun() }
            guard let kind else { continue }
            if runLength == 0 {
                if !tokens.isEmpty { tokens.append(0x20) }
                runKind = kind
            }
            if !kind {
                append(scalar, to: &tokens)
            } else if runLength > 0 {
                // A bigram of the run's previous character and this one.
                if runLength > 1 { tokens.append(0x20) }
                append(last, to: &tokens)
                append(scalar, to: &tokens)
            }
            last = scalar
            runLength += 1
        }
        closeRun()
        return Document(tokens: String(decoding: tokens, as: UTF8.self), tails: String(decoding: tails, as: UTF8.self))
    }

    @inline(__always)
    static func append(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        let value = scalar.value
        switch value {
        case ..<0x80:
            bytes.append(UInt8(value))
        case ..<0x800:
            bytes.append(UInt8(0xC0 | value >> 6))
            bytes.append(UInt8(0x80 | value & 0x3F))
        case ..<0x10000:
            bytes.append(UInt8(0xE0 | value >> 12))
            bytes.append(UInt8(0x80 | value >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | value & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | value >> 18))
            bytes.append(UInt8(0x80 | value >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | value >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | value & 0x3F))
        }
    }

    /// Bigrams of a CJK run (the character itself when the run is one long), the word otherwise.
    static func tokens(of run: Run) -> [String] {
        guard run.isCJK, run.scalars.count > 1 else { return [string(run.scalars)] }
        return (0..<(run.scalars.count - 1)).map { string(run.scalars[$0...$0 + 1]) }
    }

    /// Width folded (full-width ASCII and the ideographic space become plain, NFKC's mapping for them),
    /// lowercase (each scalar's full lowercase mapping, as `String.lowercased()`), then each run of CJK
    /// characters that holds a character OpenCC converts on its own is converted to Simplified script,
    /// on its own (`simplifyingRuns`). Not Foundation's full NFKC: it is not safe to call from many
    /// threads at once on Linux (a crash under the test suite's parallel refreshes), and the rest of what
    /// it maps (ligatures, circled digits) is rare in Chinese news.
    static func normalize(_ text: String) -> String {
        String(decoding: normalizedUTF8(text), as: UTF8.self)
    }

    /// The scalar that starts at `index` of UTF-8 this file wrote (so well formed), and `index` moved past it.
    @inline(__always)
    static func decodeScalar(_ bytes: [UInt8], at index: inout Int) -> Unicode.Scalar {
        let first = UInt32(bytes[index])
        let length = first < 0x80 ? 1 : first < 0xE0 ? 2 : first < 0xF0 ? 3 : 4
        guard length > 1, index + length <= bytes.count else {
            index += 1
            return Unicode.Scalar(UInt8(truncatingIfNeeded: first))
        }
        var value = first & (0x7F >> UInt32(length))
        for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        index += length
        return Unicode.Scalar(value) ?? " "
    }

    /// `normalize`, as UTF-8 (a document's tokens are cut from these bytes without making a string).
    static func normalizedUTF8(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        let converter = ChineseConverter.shared
        var convertible: [Range<Int>] = []
        var runStart = -1, runConverts = false
        for scalar in text.unicodeScalars {
            let folded = fold(scalar)
            let value = folded.value
            if isCJK(value) {
                if runStart < 0 { (runStart, runConverts) = (bytes.count, false) }
                if !runConverts, let converter, converter.converts(value) { runConverts = true }
                append(folded, to: &bytes)
                continue
            }
            if runStart >= 0 {
                if runConverts { convertible.append(runStart..<bytes.count) }
                runStart = -1
            }
            if value < 0x80 {
                bytes.append(value >= 0x41 && value <= 0x5A ? UInt8(value + 0x20) : UInt8(value))
            } else {
                if value < 0x10000, !BMPTable.changedByLowercasing.contains(value) {
                    append(folded, to: &bytes)
                } else {
                    for piece in folded.properties.lowercaseMapping.unicodeScalars { append(piece, to: &bytes) }
                }
            }
        }
        if runStart >= 0, runConverts { convertible.append(runStart..<bytes.count) }
        guard let converter, !convertible.isEmpty else { return bytes }
        return simplifyingRuns(convertible, of: bytes, with: converter)
    }

    /// `bytes` with each of `runs` (byte ranges of CJK runs) replaced by OpenCC's Simplified form of that
    /// run alone. Converting only these runs, and each on its own, is what makes normalisation cheap:
    /// OpenCC (about 3 MB/s) was most of what a search document cost, since an article with one
    /// Traditional character anywhere went through it whole. A run is also the unit a query's word is
    /// normalised in, so a document now agrees with queries where the whole text did not: with a
    /// Traditional character elsewhere in the text, `藉此` became `借此`, which the query `藉此` (no
    /// character OpenCC converts alone) never matched. The runs go through OpenCC in one call, a line
    /// each: its dictionaries hold no line break, so no phrase crosses one and each line comes out as
    /// that run converted alone.
    static func simplifyingRuns(_ runs: [Range<Int>], of bytes: [UInt8], with converter: ChineseConverter) -> [UInt8] {
        var joined: [UInt8] = []
        for run in runs {
            if !joined.isEmpty { joined.append(0x0A) }
            joined.append(contentsOf: bytes[run])
        }
        var converted = Array(converter.simplified(String(decoding: joined, as: UTF8.self)).utf8)
            .split(separator: 0x0A, omittingEmptySubsequences: false)
        if converted.count != runs.count {
            converted = runs.map { Array(converter.simplified(String(decoding: bytes[$0], as: UTF8.self)).utf8)[...] }
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 16)
        var cursor = 0
        for (run, piece) in zip(runs, converted) {
            output.append(contentsOf: bytes[cursor..<run.lowerBound])
            output.append(contentsOf: piece)
            cursor = run.upperBound
        }
        output.append(contentsOf: bytes[cursor...])
        return output
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
        if value < 0x10000 { return BMPTable.lettersAndDigits.contains(value) ? false : nil }
        return isLetterOrDigit(scalar) ? false : nil
    }

    static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// One bit per scalar of the Basic Multilingual Plane, set once from Unicode's properties: the
    /// punctuation of Chinese text (`。、“”《》—`) is outside ASCII, and asking the properties for each
    /// of them cost more than the rest of a document did.
    struct BMPTable: Sendable {
        let bits: [UInt64]

        init(_ property: (Unicode.Scalar) -> Bool) {
            var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
            for value in UInt32(0)..<0x10000 {
                guard let scalar = Unicode.Scalar(value), property(scalar) else { continue }
                bits[Int(value >> 6)] |= 1 << UInt64(value & 63)
            }
            self.bits = bits
        }

        @inline(__always)
        func contains(_ value: UInt32) -> Bool { bits[Int(value >> 6)] & (1 << UInt64(value & 63)) != 0 }

        static let lettersAndDigits = BMPTable(isLetterOrDigit)
        static let changedByLowercasing = BMPTable { !$0.properties.lowercaseMapping.unicodeScalars.elementsEqual([$0]) }
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
