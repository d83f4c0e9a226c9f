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
        let body = line.drop { !$0.isLetter && !$0.isNumber }
        guard !body.isEmpty else { return false }
        if leadMarkers.contains(where: { body.hasPrefix($0) }) { return true }
        guard body.count <= shortLineLimit else { return false }
        if isOutletHeader(line) { return true }
        if shortLeadMarkers.contains(where: { body.hasPrefix($0) }) { return true }
        let lowered = body.lowercased()
        return shortContainedMarkers.contains { lowered.contains($0) }
    }

    /// `【财联社讯】`, `[新华财经讯]`: an outlet's dateline-free header.
    private func isOutletHeader(_ line: Substring) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= 24, let first = trimmed.first, let last = trimmed.last else { return false }
        let opens: Set<Character> = ["【", "[", "(", "〔"]
        let closes: Set<Character> = ["】", "]", ")", "〕"]
        guard opens.contains(first), closes.contains(last) else { return false }
        return trimmed.dropLast().hasSuffix("讯")
    }
}
