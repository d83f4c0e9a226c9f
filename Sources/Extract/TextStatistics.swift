import Markup

/// Per-node text measures of a page, summed bottom-up over the flat tree in one reverse loop.
///
/// Characters are counted without whitespace, so a Chinese character and an English word letter weigh
/// the same; punctuation counts full-width forms (，。、；：？！“”) as well as ASCII, since Chinese
/// prose is dense with the former and navigation has none.
struct TextStatistics {
    /// Non-whitespace characters of visible text below the node.
    var characters: [Int32]
    /// Of those, the characters inside links.
    var linkCharacters: [Int32]
    var punctuation: [Int32]
    /// Whether the node is in a part no reader sees (script, style, head, …, and what the page hides).
    var hidden: [Bool]

    static let invisible: Set<String> = [
        "script", "style", "noscript", "template", "head", "title", "textarea", "select", "option",
        "iframe", "svg", "button", "object", "embed", "input", "nav", "math", "canvas",
        // Fallback text of players ("您的浏览器不支持 video 标签"), shown only where they cannot play.
        "video", "audio",
    ]

    /// Characters of the whole page the page's own attributes conceal (`ElementAttributes.concealed`).
    private(set) var concealedCharacters: Int32 = 0

    init(_ tree: FlatTree, traits: [NameTraits], concealed: [Bool]) {
        let count = tree.count
        characters = Array(repeating: 0, count: count)
        linkCharacters = Array(repeating: 0, count: count)
        punctuation = Array(repeating: 0, count: count)
        hidden = Array(repeating: false, count: count)
        var inLink = Array(repeating: false, count: count)
        // Hidden by tag (script, head, …) is never text; hidden by the page's attributes only is counted
        // apart, so a page that conceals its whole body until a script runs can be read after all.
        var byTag = Array(repeating: false, count: count)
        for index in 0..<count {
            let parent = Int(tree.parents[index])
            if parent >= 0 {
                hidden[index] = hidden[parent]
                byTag[index] = byTag[parent]
                inLink[index] = inLink[parent]
            }
            if tree.kinds[index] == .element {
                let traits = traits[index]
                if traits.contains(.invisible) { hidden[index] = true; byTag[index] = true }
                if concealed[index] && !traits.contains(.documentRoot) { hidden[index] = true }
                if traits.contains(.link) { inLink[index] = true }
            } else if tree.kinds[index] == .text && hidden[index] && !byTag[index] {
                concealedCharacters += Self.measure(tree.texts[index]).characters
            } else if tree.kinds[index] == .text && !hidden[index] {
                let (chars, marks) = Self.measure(tree.texts[index])
                characters[index] = chars
                punctuation[index] = marks
                if inLink[index] { linkCharacters[index] = chars }
            }
        }
        for index in stride(from: count - 1, through: 1, by: -1) {
            let parent = Int(tree.parents[index])
            guard parent >= 0 else { continue }
            characters[parent] += characters[index]
            linkCharacters[parent] += linkCharacters[index]
            punctuation[parent] += punctuation[index]
        }
    }

    /// On the UTF-8 bytes: every visible text of a page is measured.
    static func measure(_ text: String) -> (characters: Int32, punctuation: Int32) {
        var text = text
        return text.withUTF8 { bytes in
            var chars: Int32 = 0
            var marks: Int32 = 0
            var position = 0
            while position < bytes.count {
                let (scalar, length) = LineText.decode(bytes, at: position)
                position += length
                switch scalar {
                case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0xA0, 0x3000: continue
                case 0x2C, 0x2E, 0x3B, 0x21, 0x3F, 0x3A,                  // , . ; ! ? :
                     0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, // ，。、；：？！
                     0x201C, 0x201D, 0x2018, 0x2019, 0x300A, 0x300B, 0xFF08, 0xFF09:
                    marks += 1
                default: break
                }
                chars += 1
            }
            return (chars, marks)
        }
    }
}
