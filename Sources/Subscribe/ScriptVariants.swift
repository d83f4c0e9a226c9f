/// Which Chinese characters are one character in another script: 区 and 區, 发 and 發 and 髮, 里 and
/// 裡 and 裏. A pattern is widened so each of its Chinese characters matches every form of it
/// (`区块链` → `[区區][块塊][链鏈]`), which matches as if text and pattern had both been converted to
/// one script, without converting the text of every article at every request (OpenCC converts a few
/// MB/s; a regular expression scans hundreds).
///
/// The table comes from OpenCC's Traditional → Simplified conversion (`hk2s`, whose character table
/// also holds the Taiwan forms), applied to each CJK character on its own: characters that convert to
/// the same Simplified character are forms of one another.
public final class ScriptVariants: Sendable {
    /// nil when OpenCC or its dictionaries are missing: patterns are then matched as written.
    public static let shared: ScriptVariants? = try? ScriptVariants()

    private let forms: [Unicode.Scalar: [Unicode.Scalar]]

    public init() throws(ScriptConverterError) {
        let toSimplified = try ScriptConverter("hk2s")
        let toTraditional = try ScriptConverter("s2t")
        let ranges: [ClosedRange<UInt32>] = [0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF]
        let scalars = ranges.flatMap { $0 }.compactMap(Unicode.Scalar.init)
        var input = String.UnicodeScalarView()
        for scalar in scalars { input.append(scalar); input.append("\n") }
        let text = String(input)
        let simplified = toSimplified.convert(text).split(separator: "\n", omittingEmptySubsequences: false)
        let traditional = toTraditional.convert(text).split(separator: "\n", omittingEmptySubsequences: false)
        var groups: [Unicode.Scalar: Set<Unicode.Scalar>] = [:]
        func join(_ a: Unicode.Scalar, _ line: Substring) {
            guard line.unicodeScalars.count == 1, let b = line.unicodeScalars.first, b != a else { return }
            groups[a, default: [a]].insert(b)
            groups[b, default: [b]].insert(a)
        }
        if simplified.count >= scalars.count && traditional.count >= scalars.count {
            for (index, scalar) in scalars.enumerated() {
                join(scalar, simplified[index])
                join(scalar, traditional[index])
            }
        }
        // Close each group over one more step: 髮 → 发 and 發 → 发 make 髮 and 發 forms of each other.
        var closed: [Unicode.Scalar: [Unicode.Scalar]] = [:]
        for (scalar, group) in groups {
            var all = group
            for other in group { all.formUnion(groups[other] ?? []) }
            closed[scalar] = all.sorted { $0.value < $1.value }
        }
        forms = closed
    }

    /// Every form of the character, itself included; nil when it has no other form.
    public func forms(of scalar: Unicode.Scalar) -> [Unicode.Scalar]? { forms[scalar] }

    /// The pattern with each Chinese character replaced by a class of its forms (inside a class, by the
    /// forms themselves). Escapes (`\p{Han}`, `\x{5F00}`), `\Q…\E` quotes and POSIX classes are copied
    /// as written.
    public func widen(_ pattern: String) -> String {
        let scalars = Array(pattern.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        var inClass = false
        var classStart = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\", index + 1 < scalars.count {
                let next = scalars[index + 1]
                out.append(scalar); out.append(next)
                index += 2
                if next == "Q" {
                    while index < scalars.count {
                        if scalars[index] == "\\", index + 1 < scalars.count, scalars[index + 1] == "E" {
                            out.append("\\"); out.append("E"); index += 2; break
                        }
                        out.append(scalars[index]); index += 1
                    }
                } else if ["p", "P", "x"].contains(next), index < scalars.count, scalars[index] == "{" {
                    while index < scalars.count {
                        out.append(scalars[index]); index += 1
                        if scalars[index - 1] == "}" { break }
                    }
                }
                continue
            }
            if inClass {
                if scalar == "[", index + 1 < scalars.count, scalars[index + 1] == ":" {
                    while index < scalars.count {
                        out.append(scalars[index]); index += 1
                        if scalars[index - 1] == "]", scalars[index - 2] == ":" { break }
                    }
                    continue
                }
                // A `]` right after `[` or `[^` is a literal, not the end.
                if scalar == "]", index > classStart { inClass = false }
                if let forms = forms[scalar] { forms.forEach { out.append($0) } } else { out.append(scalar) }
                index += 1
                continue
            }
            if scalar == "[" {
                inClass = true
                out.append(scalar)
                index += 1
                if index < scalars.count, scalars[index] == "^" { out.append("^"); index += 1 }
                classStart = index
                continue
            }
            if let forms = forms[scalar] {
                out.append("[")
                forms.forEach { out.append($0) }
                out.append("]")
            } else {
                out.append(scalar)
            }
            index += 1
        }
        return String(out)
    }
}
