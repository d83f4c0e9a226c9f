import Foundation

/// Text reduced to what identifies a story: NFKC, Simplified script, lowercase Latin, boilerplate
/// lines dropped, and nothing but letters and digits kept.
public struct NormalizedText: Sendable, Hashable {
    /// Letters and digits of the kept lines, concatenated, as scalars (what shingling reads).
    public var scalars: [Unicode.Scalar]
    /// Every number of the kept lines in order (`3182.87`, `2024`, …): template reports differ only here.
    public var numbers: [String]
    /// How many non-empty lines were dropped as boilerplate.
    public var boilerplateLines: Int

    public init(scalars: [Unicode.Scalar], numbers: [String], boilerplateLines: Int) {
        self.scalars = scalars
        self.numbers = numbers
        self.boilerplateLines = boilerplateLines
    }

    public var text: String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}

/// Normalises article text for near-duplicate comparison. Pure apart from the shared OpenCC handle.
public struct TextNormalizer: Sendable {
    public var rules: BoilerplateRules
    public var converter: ChineseConverter?

    public init(rules: BoilerplateRules = .standard, converter: ChineseConverter? = ChineseConverter.shared) {
        self.rules = rules
        self.converter = converter
    }

    /// Linear in the text: one NFKC pass, OpenCC on the lines that hold Traditional characters,
    /// one scan of the scalars.
    public func normalize(_ text: String) -> NormalizedText {
        // NFKC first: full-width letters, digits and punctuation become their plain forms (UAX #15).
        let compatible = Self.compatibilityComposed(text)
        var output = NormalizedText(scalars: [], numbers: [], boilerplateLines: 0)
        output.scalars.reserveCapacity(compatible.utf8.count / 3)
        var line: [Unicode.Scalar] = []
        func finishLine() {
            if let converter, converter.needsConversion(line) {
                // Line by line: phrases do not cross lines, and Simplified lines skip OpenCC's cost.
                var view = String.UnicodeScalarView()
                view.append(contentsOf: line)
                line = Array(converter.simplified(String(view)).unicodeScalars)
            }
            if line.contains(where: { !$0.properties.isWhitespace }) {
                if rules.isBoilerplate(line[...]) {
                    output.boilerplateLines += 1
                } else {
                    Self.appendCharacters(of: line, to: &output)
                }
            }
            line.removeAll(keepingCapacity: true)
        }
        for scalar in compatible.unicodeScalars {
            if ScalarClass.isLineBreak(scalar) { finishLine() } else { line.append(scalar) }
        }
        finishLine()
        return output
    }

    /// Keeps letters and digits (Unicode categories L and N), lowercases ASCII, and collects numbers:
    /// runs of ASCII digits with single dots between them (`5.25`).
    static func appendCharacters(of line: [Unicode.Scalar], to output: inout NormalizedText) {
        var number = String.UnicodeScalarView()
        var pendingDot = false
        func closeNumber() {
            if !number.isEmpty { output.numbers.append(String(number)) }
            number = String.UnicodeScalarView()
            pendingDot = false
        }
        for scalar in line {
            if scalar.value >= 0x30 && scalar.value <= 0x39 {
                if pendingDot { number.append("."); pendingDot = false }
                number.append(scalar)
                output.scalars.append(scalar)
                continue
            }
            if scalar == ".", !number.isEmpty, !pendingDot {
                pendingDot = true
                continue
            }
            if !number.isEmpty { closeNumber() }
            pendingDot = false
            if ScalarClass.isLetterOrNumber(scalar) { output.scalars.append(ScalarClass.asciiLowercased(scalar)) }
        }
        closeNumber()
    }

    /// NFKC of `text`. Foundation's NFKC bridges through NSString and CFString on Linux; most news
    /// text is already in NFKC (CJK ideographs, ASCII, curly quotes), so it is asked only when a scalar
    /// could change: one that changes under NFKC_Casefold on its own (which NFKC changing it implies),
    /// a combining mark, or a Hangul jamo (the starters that compose with the scalar before them).
    /// Without those, no scalar decomposes, reorders or composes, so NFKC is the text itself (UAX #15).
    static func compatibilityComposed(_ text: String) -> String {
        isNFKCStable(text) ? text : text.precomposedStringWithCompatibilityMapping
    }

    static func isNFKCStable(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0...0x7F, 0x4E00...0x9FFF: continue
            case 0x1100...0x11FF: return false
            default: break
            }
            let properties = scalar.properties
            if properties.changesWhenNFKCCaseFolded || properties.canonicalCombiningClass != .notReordered { return false }
            switch properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return false
            default: continue
            }
        }
        return true
    }
}
