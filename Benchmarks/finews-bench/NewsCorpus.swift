import Foundation

/// Generated news whose term frequencies look like a real archive's: every article recombines sentences
/// of the repository's real Chinese texts (the labelled reprint stream of Tests/Fixtures/dedup, the
/// extraction sets' ground truth and the seeds), a few consecutive sentences of one text (its topic)
/// then sentences drawn from all of them, so common words are common and rare ones rare, instead of
/// one small set of articles repeated. Deterministic: article N is the same in every run.
struct NewsCorpus: Sendable {
    /// Each text's sentences, in order.
    let texts: [[String]]
    /// Every distinct sentence once, drawn from uniformly (a text's length does not weigh its sentences).
    let pool: [String]
    let titles: [String]
    let sentenceCount: Int

    static let shared = NewsCorpus()

    init() {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var bodies: [String] = []
        var titles: [String] = []
        let jsonFiles = ["Tests/Fixtures/dedup/docs.jsonl", "Tests/Fixtures/extraction/cwced/gt.jsonl",
                         "Tests/Fixtures/extraction/magichtml_zh/gt.jsonl", "Tests/Fixtures/extraction/trafilatura_zh/gt.jsonl"]
        for file in jsonFiles {
            guard let text = try? String(contentsOf: root.appendingPathComponent(file), encoding: .utf8) else {
                fatalError("NewsCorpus needs \(file)")
            }
            for line in text.split(separator: "\n") {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
                if let content = object["content"] as? String { bodies.append(content) }
                if let title = object["title"] as? String, (6...40).contains(title.count) { titles.append(title) }
            }
        }
        // The extraction sets' pages themselves: their other articles, lists and captions, as sentences.
        for set in ["cwced", "magichtml_zh", "trafilatura_zh"] {
            let pages = root.appendingPathComponent("Tests/Fixtures/extraction/\(set)/pages")
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: pages.path)) ?? []).sorted() {
                guard let data = FileManager.default.contents(atPath: pages.appendingPathComponent(name).path),
                      let page = String(data: data, encoding: .utf8) else { continue }
                let text = page.replacingOccurrences(of: "(?is)<(script|style)[^>]*>.*?</\\1>", with: " ", options: .regularExpression)
                    .replacingOccurrences(of: "<[^>]+>", with: "\n", options: .regularExpression)
                bodies.append(text.split(separator: "\n").filter { line in
                    line.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) }.count >= 8
                }.joined(separator: "\n"))
            }
        }
        let seeds = root.appendingPathComponent("seeds")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: seeds.path)) ?? [] {
            guard let text = try? String(contentsOf: seeds.appendingPathComponent(name), encoding: .utf8) else { continue }
            let parts = text.components(separatedBy: "\n---\n")
            if let front = parts.first, let line = front.split(separator: "\n").first(where: { $0.hasPrefix("title:") }) {
                titles.append(line.dropFirst(6).trimmingCharacters(in: CharacterSet(charactersIn: " \"")))
            }
            if parts.count > 1 {
                bodies.append(parts[1].replacingOccurrences(of: "<[^>]+>", with: "\n", options: .regularExpression))
            }
        }
        var seen = Set<String>()
        texts = bodies.map { body in
            Self.sentences(of: body).filter { seen.insert($0).inserted }
        }.filter { !$0.isEmpty }
        pool = texts.flatMap { $0 }
        sentenceCount = pool.count
        // Short sentences make headlines too, as the texts' own titles are few.
        let short = texts.joined().filter { (10...30).contains($0.count) }.map { String($0.dropLast()) }
        self.titles = Array(Set(titles + short)).sorted()
    }

    /// Sentences ending with their punctuation, 6 to 200 characters.
    static func sentences(of text: String) -> [String] {
        var result: [String] = []
        var current = ""
        func flush() {
            let sentence = current.trimmingCharacters(in: .whitespacesAndNewlines)
            if (6...200).contains(sentence.count) { result.append(sentence) }
            current = ""
        }
        for character in text {
            if character == "\n" { flush(); continue }
            current.append(character)
            if "。！？!?；".contains(character) { flush() }
        }
        flush()
        return result
    }

    /// Article N: a title and its paragraphs (plain text).
    func article(_ index: Int) -> (title: String, paragraphs: [String]) {
        var random = SplitMix(seed: UInt64(index) &* 0x9E37_79B9_7F4A_7C15 &+ 17)
        let title = titles[random.next(titles.count)]
        let topic = texts[random.next(texts.count)]
        var sentences: [String] = []
        let start = random.next(topic.count)
        sentences += topic[start..<min(topic.count, start + 2 + random.next(4))]
        for _ in 0..<(4 + random.next(12)) { sentences.append(pool[random.next(pool.count)]) }
        var paragraphs: [String] = []
        var paragraph = ""
        for sentence in sentences {
            paragraph += sentence
            if paragraph.count > 120 || random.next(3) == 0 {
                paragraphs.append(paragraph)
                paragraph = ""
            }
        }
        if !paragraph.isEmpty { paragraphs.append(paragraph) }
        return (title, paragraphs)
    }

    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return bound <= 1 ? 0 : Int(z % UInt64(bound))
        }
    }
}
