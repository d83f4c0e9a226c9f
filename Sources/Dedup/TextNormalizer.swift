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
        let compatible = text.precomposedStringWithCompatibilityMapping
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
}
