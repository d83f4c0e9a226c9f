import Dedup
import Foundation

/// `finews-bench dedup-eval [fixtures-folder]`, `dedup-lookup [stored, default 1,000,000]`,
/// `dedup-throughput [articles, default 100,000]`. Run from the repository root.
enum DedupBench {
    static func run(mode: String, arguments: [String]) throws {
        switch mode {
        case "dedup-eval": try evaluate(folder: arguments.first.map(URL.init(fileURLWithPath:)) ?? defaultFolder)
        case "dedup-lookup": try lookup(stored: min(arguments.first.flatMap(Int.init) ?? 1_000_000, 10_000_000))
        case "dedup-throughput": try throughput(articles: min(arguments.first.flatMap(Int.init) ?? 100_000, 1_000_000))
        default: print("unknown dedup mode \(mode)")
        }
    }

    static let defaultFolder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        .appendingPathComponent("Tests/Fixtures/dedup")

    static func loadStream(_ folder: URL) throws -> ([StreamDocument], [StreamLabel]) {
        let documents = try JSONLines.decode(StreamDocument.self,
                                             from: Data(contentsOf: folder.appendingPathComponent("docs.jsonl")),
                                             file: "docs.jsonl")
        let labels = try JSONLines.decode(StreamLabel.self,
                                          from: Data(contentsOf: folder.appendingPathComponent("labels.jsonl")),
                                          file: "labels.jsonl")
        return (documents, labels)
    }

    /// Score plus the margins: the weakest true pairs and the strongest false ones.
    static func evaluate(folder: URL) throws {
        let (documents, labels) = try loadStream(folder)
        let started = ContinuousClock.now
        let (score, _) = DedupEvaluation.evaluate(documents: documents, labels: labels)
        print("stream \(documents.count) documents: \(score) in \(ContinuousClock.now - started)")
        let fingerprinter = Fingerprinter()
        let policy = DuplicatePolicy.standard
        let prints = documents.map { fingerprinter.fingerprint($0.content) }
        let truth = Dictionary(labels.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var lines: [(Double, String)] = []
        for i in documents.indices {
            for j in documents.indices where j > i {
                guard prints[i].isMatchable, prints[j].isMatchable else { continue }
                let similarity = policy.similarity(prints[i], prints[j])
                let same = truth[documents[i].id]?.cluster == truth[documents[j].id]?.cluster
                guard same || similarity.containment > 0.3 else { continue }
                let shared = Set(prints[i].bandKeys).intersection(prints[j].bandKeys).count
                let verdict = policy.accepts(similarity)
                lines.append((similarity.containment, String(format:
                    "%@ %@ %@ %@/%@ contain %.3f jaccard %.3f ratio %.3f numbers %d/%d bands %d",
                    same ? "SAME" : "DIFF", verdict ? "accept" : "reject", documents[i].id, documents[j].id,
                    truth[documents[j].id]?.kind ?? "?", similarity.containment, similarity.jaccard,
                    similarity.sizeRatio, similarity.unmatchedNumbers, similarity.comparedNumbers, shared)))
            }
        }
        for line in lines.sorted(by: { $0.0 < $1.0 }) { print(line.1) }
        let unmatchable = zip(documents, prints).filter { !$0.1.isMatchable }.map(\.0.id)
        print("too short to match: \(unmatchable)")
    }
}

extension DedupBench {
    /// Median lookup (band probe + exact confirmation of the candidates) with `stored` fingerprints in
    /// the in-memory index. The stream's documents and their variants are real; the rest of the
    /// archive is modelled by random signatures, i.e. unrelated articles.
    static func lookup(stored: Int) throws {
        let (documents, _) = try loadStream(defaultFolder)
        let fingerprinter = Fingerprinter()
        let policy = DuplicatePolicy.standard
        let real = documents.map { fingerprinter.fingerprint($0.content) }
        var index = NearDuplicateIndex<Int>(expectedDocuments: stored)
        var fingerprints: [Int: Fingerprint] = [:]
        for (offset, fingerprint) in real.enumerated() where fingerprint.isMatchable {
            index.insert(offset, bandKeys: fingerprint.bandKeys)
            fingerprints[offset] = fingerprint
        }
        var random = SystemRandomNumberGenerator()
        let signatureSize = FingerprintParameters.standard.bands * FingerprintParameters.standard.rows
        let buildStart = ContinuousClock.now
        for id in index.count..<stored {
            let signature = (0..<signatureSize).map { _ in UInt32.random(in: 0...UInt32.max, using: &random) }
            index.insert(id + 1_000_000_000, bandKeys: fingerprinter.bandKeys(of: signature))
        }
        print("index of \(index.count) fingerprints built in \(ContinuousClock.now - buildStart), "
              + "VmHWM \(peakResidentMemory())")
        var timings: [Duration] = []
        var confirmed = 0
        let rounds = 20
        for _ in 0..<rounds {
            for fingerprint in real where fingerprint.isMatchable {
                let start = ContinuousClock.now
                let match = index.candidates(for: fingerprint.bandKeys).first { candidate in
                    guard let stored = fingerprints[candidate.id] else { return false }
                    return policy.isDuplicate(fingerprint, stored)
                }
                timings.append(ContinuousClock.now - start)
                if match != nil { confirmed += 1 }
            }
        }
        timings.sort()
        let median = timings[timings.count / 2], p99 = timings[timings.count * 99 / 100]
        print("lookups \(timings.count): median \(milliseconds(median)) ms, p99 \(milliseconds(p99)) ms, "
              + "max \(milliseconds(timings.last!)) ms, confirmed \(confirmed)")
    }

    /// normalize + fingerprint per article on the stream varied and repeated to `articles`, then the
    /// same plus story assignment (index insert and confirmation), and one 5 MB text.
    static func throughput(articles: Int) throws {
        let (documents, _) = try loadStream(defaultFolder)
        let fingerprinter = Fingerprinter()
        let texts = (0..<articles).lazy.map { variant(of: documents[$0 % documents.count].content, number: $0) }
        var start = ContinuousClock.now
        let normalizer = TextNormalizer()
        var nfkc = Duration.zero, convert = Duration.zero, normalize = Duration.zero, fingerprint = Duration.zero
        for text in texts.prefix(min(articles, 5_000)) {
            let t0 = ContinuousClock.now
            let compatible = text.precomposedStringWithCompatibilityMapping
            let t1 = ContinuousClock.now
            _ = ChineseConverter.shared?.simplified(compatible)
            let t2 = ContinuousClock.now
            let normalized = normalizer.normalize(text)
            let t3 = ContinuousClock.now
            _ = fingerprinter.fingerprint(normalized: normalized)
            let t4 = ContinuousClock.now
            nfkc += t1 - t0; convert += t2 - t1; normalize += t3 - t2; fingerprint += t4 - t3
        }
        print("split over \(min(articles, 5_000)) articles: NFKC \(nfkc), OpenCC \(convert), "
              + "whole normalize \(normalize), shingles+MinHash+bands \(fingerprint)")
        start = ContinuousClock.now
        var matchable = 0
        for text in texts where fingerprinter.fingerprint(text).isMatchable { matchable += 1 }
        let fingerprintTime = ContinuousClock.now - start
        print("normalize+fingerprint: \(articles) articles in \(fingerprintTime), "
              + "\(rate(articles, fingerprintTime)) articles/s (\(matchable) matchable), VmHWM \(peakResidentMemory())")
        var clusterer = StoryClusterer<Int>(fingerprinter: fingerprinter)
        var stories = Set<Int>()
        start = ContinuousClock.now
        for (id, text) in texts.enumerated() { stories.insert(clusterer.add(id, text: text).story) }
        let clusterTime = ContinuousClock.now - start
        print("normalize+fingerprint+assign story: \(articles) articles in \(clusterTime), "
              + "\(rate(articles, clusterTime)) articles/s, \(stories.count) stories, VmHWM \(peakResidentMemory())")
        var huge = ""
        var counter = 0
        while huge.utf8.count < 5_000_000 && counter < 1_000_000 {
            huge += documents[counter % documents.count].content + "\n"
            counter += 1
        }
        start = ContinuousClock.now
        let hugePrint = fingerprinter.fingerprint(huge)
        let normalizeStart = ContinuousClock.now
        let normalized = TextNormalizer().normalize(huge)
        print("5 MB text: fingerprint \(milliseconds(normalizeStart - start)) ms (\(hugePrint.length) characters "
              + "shingled), full normalize \(milliseconds(ContinuousClock.now - normalizeStart)) ms "
              + "(\(normalized.text.unicodeScalars.count) characters)")
    }

    /// A distinct article from a stream document: its paragraphs rotated and a numbered line added,
    /// so repeats are not byte-identical.
    static func variant(of text: String, number: Int) -> String {
        var paragraphs = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        if paragraphs.count > 1 {
            let shift = number % paragraphs.count
            paragraphs = Array(paragraphs[shift...] + paragraphs[..<shift])
        }
        return "第\(number)期 编号\(number * 7919 % 100_003)\n" + paragraphs.joined(separator: "\n")
    }

    static func peakResidentMemory() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return "?" }
        return line.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces)
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.4f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }

    static func rate(_ count: Int, _ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.0f", Double(count) / (Double(seconds) + Double(attoseconds) / 1e18))
    }
}
