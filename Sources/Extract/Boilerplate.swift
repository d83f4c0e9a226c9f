import Markup

/// Site furniture that reads like prose: the legal lines of a footer and the dates of teaser lists.
/// Both are sentences or numbers rather than links, so the link and punctuation measures take them
/// for article text; beside a short article they outweigh it.
enum Boilerplate {
    /// Phrases of copyright notices, Chinese site registrations (ICP, public security filing, the
    /// licences a news site must show) and complaint hotlines.
    static let legalPhrases = [
        "版权所有", "版权归", "icp备", "icp证", "公网安备", "公安备案", "举报电话", "举报邮箱", "举报中心",
        "违法和不良信息", "不良信息举报", "经营许可证", "新闻信息服务许可", "视听节目许可", "copyright",
        "all rights reserved", "©",   // ASCII in lowercase: compared case-insensitively
    ]

    private static let phraseBytes: [[UInt8]] = legalPhrases.map { Array($0.utf8) }

    /// A line of a notice: two of the phrases, or one in a line short enough to be nothing else (an
    /// article discussing copyright uses the words inside longer sentences). Every visible text of a
    /// page is asked, so a scan for the phrases' key characters comes first.
    static func isLegalNotice(_ text: String, characters: Int32) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard hasTrigger(bytes) else { return false }
            let found = phrasesFound(in: bytes, stoppingAt: 2)
            return found == 2 || (found == 1 && characters <= 100)
        }
    }

    /// For each byte, the phrases (as bits of `phraseBytes` indices) that start with it, ASCII
    /// letters in both cases.
    private static let phrasesByFirstByte: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 256)
        for (number, phrase) in phraseBytes.enumerated() {
            guard let first = phrase.first else { continue }
            table[Int(first)] |= 1 << UInt32(number)
            if (0x61...0x7A).contains(first) { table[Int(first - 0x20)] |= 1 << UInt32(number) }
        }
        return table
    }()

    /// How many different phrases occur in `bytes`, counting up to `limit`: one pass over the text,
    /// trying at each byte only the phrases that start with it.
    private static func phrasesFound(in bytes: UnsafeBufferPointer<UInt8>, stoppingAt limit: Int) -> Int {
        var found: UInt32 = 0
        var count = 0
        var start = 0
        while start < bytes.count {
            var candidates = phrasesByFirstByte[Int(bytes[start])] & ~found
            while candidates != 0 {
                let number = candidates.trailingZeroBitCount
                candidates &= candidates - 1
                let phrase = phraseBytes[number]
                guard start + phrase.count <= bytes.count else { continue }
                var offset = 1
                while offset < phrase.count, lowered(bytes[start + offset]) == phrase[offset] { offset += 1 }
                if offset == phrase.count {
                    found |= 1 << UInt32(number)
                    count += 1
                    if count == limit { return count }
                }
            }
            start += 1
        }
        return count
    }

    /// 版 备 举 许 of the Chinese phrases, `P` of ICP, `y` of copyright, ©: in UTF-8,
    /// E7 89 88, E5 A4 87, E4 B8 BE, E8 AE B8, C2 A9, and ASCII P, Y, y.
    private static func hasTrigger(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var position = 0
        let count = bytes.count
        while position < count {
            switch bytes[position] {
            case 0x50, 0x59, 0x79: return true
            case 0xC2 where position + 1 < count && bytes[position + 1] == 0xA9: return true
            case 0xE4, 0xE5, 0xE7, 0xE8:
                guard position + 2 < count else { return false }
                let lead = bytes[position], second = bytes[position + 1], third = bytes[position + 2]
                if (lead == 0xE7 && second == 0x89 && third == 0x88) || (lead == 0xE5 && second == 0xA4 && third == 0x87)
                    || (lead == 0xE4 && second == 0xB8 && third == 0xBE) || (lead == 0xE8 && second == 0xAE && third == 0xB8) {
                    return true
                }
            default: break
            }
            position += 1
        }
        return false
    }

    private static func lowered(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }

    /// Whether a text is nothing but a date, in the brackets teaser lists put around one:
    /// `(2021-12-23)`, `[12-23]`, `2021年12月23日 13:43`.
    static func isBareDate(_ text: String) -> Bool {
        let scalars = text.unicodeScalars.filter { !$0.properties.isWhitespace && !"()（）[]【】<>".unicodeScalars.contains($0) }
        guard (4...20).contains(scalars.count), scalars.allSatisfy({ ("0"..."9").contains($0) || "-/.:年月日".unicodeScalars.contains($0) })
        else { return false }
        return scalars.filter { ("0"..."9").contains($0) }.count >= 4
    }

    /// Whether the element before `index` among its siblings, or before its inline parent, is a link.
    static func followsLink(_ tree: FlatTree, _ index: Int) -> Bool {
        var node = index
        for _ in 0..<2 {
            if let previous = previousSibling(tree, node), tree.names[previous] == "a" { return true }
            let parent = Int(tree.parents[node])
            guard parent >= 0, inline.contains(tree.names[parent]), previousSibling(tree, node) == nil else { return false }
            node = parent
        }
        return false
    }

    static let inline: Set<String> = ["span", "font", "em", "i", "small", "b", "strong"]

    /// The previous sibling that is an element or a text with more than blanks.
    private static func previousSibling(_ tree: FlatTree, _ index: Int) -> Int? {
        let parent = tree.parents[index]
        var candidate = index - 1
        while candidate > Int(parent) {
            // Climb from the last node of the previous sibling's subtree to the sibling itself.
            while tree.parents[candidate] != parent { candidate = Int(tree.parents[candidate]) }
            if tree.kinds[candidate] == .element { return candidate }
            if tree.kinds[candidate] == .text && tree.texts[candidate].contains(where: { !$0.isWhitespace }) {
                return candidate
            }
            candidate -= 1
        }
        return nil
    }
}
