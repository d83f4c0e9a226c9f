import Markup

/// A readable diff of two plain texts, as diffengine shows edits: unchanged text as is, deletions and
/// insertions marked. Chinese has no spaces, so the unit is a CJK character, a word of other letters
/// and digits, or any other single character; paragraphs (newlines) are kept.
struct TextDiff {
    enum Kind: Equatable { case same, deleted, inserted }

    struct Piece: Equatable {
        var kind: Kind
        var text: String
    }

    var pieces: [Piece]

    /// Past this many tokens the texts are compared paragraph by paragraph instead (Myers' algorithm
    /// costs tokens × differences; a rewritten 100,000-character text would take too long).
    static let maximumTokens = 40_000

    init(old: String, new: String) {
        var (a, b) = (Self.tokens(old), Self.tokens(new))
        if a.count + b.count > Self.maximumTokens {
            (a, b) = (Self.paragraphs(old), Self.paragraphs(new))
        }
        let difference = b.difference(from: a)
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var pieces: [Piece] = []
        func add(_ kind: Kind, _ text: String) {
            if let last = pieces.last, last.kind == kind {
                pieces[pieces.count - 1].text += text
            } else {
                pieces.append(Piece(kind: kind, text: text))
            }
        }
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            if i < a.count, removed.contains(i) {
                add(.deleted, a[i]); i += 1
            } else if j < b.count, inserted.contains(j) {
                add(.inserted, b[j]); j += 1
            } else if i < a.count, j < b.count {
                add(.same, b[j]); i += 1; j += 1
            } else if i < a.count {
                add(.deleted, a[i]); i += 1
            } else {
                add(.inserted, b[j]); j += 1
            }
        }
        self.pieces = pieces
    }

    var hasChanges: Bool { pieces.contains { $0.kind != .same } }

    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var word = ""
        for character in text {
            let isWordCharacter = (character.isLetter || character.isNumber)
                && !(character.unicodeScalars.first.map { isCJK($0.value) } ?? false)
            if isWordCharacter {
                word.append(character)
                continue
            }
            if !word.isEmpty { tokens.append(word); word = "" }
            tokens.append(String(character))
        }
        if !word.isEmpty { tokens.append(word) }
        return tokens
    }

    static func paragraphs(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0 + "\n" }
    }

    static func isCJK(_ value: UInt32) -> Bool {
        (value >= 0x3040 && value <= 0x30FF) || (value >= 0x3400 && value <= 0x9FFF) || (value >= 0xAC00 && value <= 0xD7AF)
            || (value >= 0xF900 && value <= 0xFAFF) || value >= 0x20000
    }

    /// Paragraphs of escaped text with `<del>` and `<ins>`; a marked run that spans paragraphs is
    /// closed and reopened at each break, so the markup stays well nested.
    var html: String {
        var html = "<p>"
        for piece in pieces {
            let lines = piece.text.split(separator: "\n", omittingEmptySubsequences: false)
            for (index, line) in lines.enumerated() {
                if index > 0 { html += "</p>\n<p>" }
                guard !line.isEmpty else { continue }
                let text = HTMLEscape.text(String(line))
                switch piece.kind {
                case .same: html += text
                case .deleted: html += "<del>\(text)</del>"
                case .inserted: html += "<ins>\(text)</ins>"
                }
            }
        }
        return (html + "</p>").replacingOccurrences(of: "<p></p>", with: "")
    }
}
