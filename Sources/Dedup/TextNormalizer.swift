import Foundation

/// Text reduced to what identifies a story: NFKC, Simplified script, lowercase Latin, boilerplate
/// lines dropped, and nothing but letters and digits kept.
public struct NormalizedText: Sendable, Hashable {
    /// Letters and digits of the kept lines, concatenated.
    public var text: String
    /// Every number of the kept lines in order (`3182.87`, `2024`, …): template reports differ only here.
    public var numbers: [String]
    /// How many non-empty lines were dropped as boilerplate.
    public var boilerplateLines: Int

    public init(text: String, numbers: [String], boilerplateLines: Int) {
        self.text = text
        self.numbers = numbers
        self.boilerplateLines = boilerplateLines
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

    public func normalize(_ text: String) -> NormalizedText {
        // NFKC first: full-width letters, digits and punctuation become their plain forms (UAX #15).
        let compatible = text.precomposedStringWithCompatibilityMapping
        let simplified = converter?.simplified(compatible) ?? compatible
        var kept = String.UnicodeScalarView()
        var numbers: [String] = []
        var dropped = 0
        for line in simplified.split(whereSeparator: \.isNewline) {
            if rules.isBoilerplate(line) {
                dropped += 1
                continue
            }
            Self.appendCharacters(of: line, to: &kept, numbers: &numbers)
        }
        return NormalizedText(text: String(kept), numbers: numbers, boilerplateLines: dropped)
    }

    /// Keeps letters and digits (Unicode categories L and N), lowercases ASCII, and collects numbers:
    /// runs of ASCII digits with single dots between them (`5.25`).
    static func appendCharacters(of line: Substring, to kept: inout String.UnicodeScalarView,
                                 numbers: inout [String]) {
        var number = String.UnicodeScalarView()
        var pendingDot = false
        func closeNumber() {
            if !number.isEmpty { numbers.append(String(number)) }
            number.removeAll(keepingCapacity: true)
            pendingDot = false
        }
        for scalar in line.unicodeScalars {
            if scalar.value >= 0x30 && scalar.value <= 0x39 {
                if pendingDot { number.append("."); pendingDot = false }
                number.append(scalar)
                kept.append(scalar)
                continue
            }
            if scalar == ".", !number.isEmpty, !pendingDot {
                pendingDot = true
                continue
            }
            closeNumber()
            if scalar.value >= 0x41 && scalar.value <= 0x5A {
                kept.append(Unicode.Scalar(scalar.value + 0x20)!)
            } else if isLetterOrNumber(scalar) {
                kept.append(scalar)
            }
        }
        closeNumber()
    }

    private static func isLetterOrNumber(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}
