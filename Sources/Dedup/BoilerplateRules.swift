/// Lines that outlets add around a reprint (source lines, editor credits, disclaimers, advertisements)
/// and that say nothing about which story it is. Matched on NFKC, Simplified text, so Traditional and
/// full-width variants of the same line are caught too.
public struct BoilerplateRules: Sendable, Hashable {
    /// A line starting with one of these is boilerplate whatever its length (disclaimers run long).
    public var leadMarkers: [String]
    /// A short line starting with one of these is boilerplate (credits, source lines, navigation).
    public var shortLeadMarkers: [String]
    /// A short line containing one of these is boilerplate (advertisement and subscription lines).
    public var shortContainedMarkers: [String]
    /// "Short" for the two rules above, in characters.
    public var shortLineLimit: Int

    public init(leadMarkers: [String], shortLeadMarkers: [String], shortContainedMarkers: [String],
                shortLineLimit: Int = 80) {
        self.leadMarkers = leadMarkers
        self.shortLeadMarkers = shortLeadMarkers
        self.shortContainedMarkers = shortContainedMarkers
        self.shortLineLimit = shortLineLimit
    }

    public static let standard = BoilerplateRules(
        leadMarkers: ["免责声明", "风险提示", "特别声明", "版权声明", "声明:", "广告", "推广"],
        shortLeadMarkers: [
            "来源", "本文来源", "文章来源", "信息来源", "原标题", "责任编辑", "责编", "编辑", "校对", "审校",
            "纠错", "阅读下一篇", "相关阅读", "延伸阅读", "相关新闻", "扫码", "扫描二维码", "关注我们",
            "点击关注", "转载", "本文转自", "作者:",
        ],
        shortContainedMarkers: [
            "投资需谨慎", "不构成任何投资建议", "未经授权不得转载", "转载请注明", "公众号", "客户端",
            "客服热线", "二维码", "扫码", "点击关注", "开户", "下载app",
        ])

    /// Whether a line (already NFKC-normalised and in Simplified script) is boilerplate.
    func isBoilerplate(_ line: Substring) -> Bool {
        isBoilerplate(Array(line.unicodeScalars)[...])
    }

    /// The same on scalars: the normaliser's hot path, free of Character and Foundation searches.
    func isBoilerplate(_ line: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = line.firstIndex(where: ScalarClass.isLetterOrNumber) else { return false }
        let body = line[first...]
        if leadMarkers.contains(where: { body.starts(with: $0.unicodeScalars) }) { return true }
        guard body.count <= shortLineLimit else { return false }
        if isOutletHeader(line) { return true }
        if shortLeadMarkers.contains(where: { body.starts(with: $0.unicodeScalars) }) { return true }
        let lowered = body.map(ScalarClass.asciiLowercased)
        return shortContainedMarkers.contains { marker in
            let needle = Array(marker.unicodeScalars)
            guard needle.count <= lowered.count else { return false }
            return (0...(lowered.count - needle.count)).contains { lowered[$0..<($0 + needle.count)].elementsEqual(needle) }
        }
    }

    /// `【财联社讯】`, `[新华财经讯]`: an outlet's dateline-free header.
    private func isOutletHeader(_ line: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let start = line.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = line.lastIndex(where: { !$0.properties.isWhitespace }) else { return false }
        let trimmed = line[start...end]
        guard trimmed.count <= 24, trimmed.count >= 3 else { return false }
        let opens: Set<Unicode.Scalar> = ["【", "[", "(", "〔"]
        let closes: Set<Unicode.Scalar> = ["】", "]", ")", "〕"]
        return opens.contains(trimmed[start]) && closes.contains(trimmed[end]) && trimmed[end - 1] == "讯"
    }
}

/// Character classes by scalar, with fast paths for ASCII and the CJK block that make up news text.
enum ScalarClass {
    static func isLetterOrNumber(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x4E00...0x9FFF: return true
        case 0...0x7F, 0x3000...0x303F, 0xFF00...0xFF0F: return false
        default: break
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    @inline(__always)
    static func asciiLowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0x20)! : scalar
    }

    @inline(__always)
    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }
}
