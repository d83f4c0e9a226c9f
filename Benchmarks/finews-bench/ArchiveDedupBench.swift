import Config
import Dedup
import Foundation
import Refresh
import Store

/// The near-duplicate index as the product keeps it (band keys in SQLite), and `finews import` at
/// scale. Both use the labelled reprint stream of Tests/Fixtures/dedup.
enum ArchiveDedupBench {
    static var streamURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/Fixtures/dedup/docs.jsonl")
    }

    static func streamDocuments() throws -> [[String: Any]] {
        try String(contentsOf: streamURL, encoding: .utf8).split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Median time of the candidate probe with N synthetic fingerprints plus the real stream stored.
    static func lookup(_ arguments: [String]) async throws {
        let count = Measure.option("--fingerprints", in: arguments, default: 1_000_000)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("finews-dedup-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try Archive(path: folder.appendingPathComponent("archive.sqlite"))
        let fingerprinter = Fingerprinter()
        let bands = fingerprinter.parameters.bands
        var generator = SystemRandomNumberGenerator()
        let fillMs = try await Measure.milliseconds {
            for start in stride(from: 0, to: count, by: 50_000) {
                let rows = (start..<min(start + 50_000, count)).map { index -> (article: Int64, keys: [Int64]) in
                    (Int64(index + 1), (0..<bands).map { band in Int64(band) << 32 | Int64(UInt32.random(in: .min ... .max, using: &generator)) })
                }
                try archive.fileBands(rows)
            }
        }
        let real = try streamDocuments().map { fingerprinter.fingerprint($0["content"] as? String ?? "") }.filter(\.isMatchable)
        try archive.fileBands(real.enumerated().map { (Int64(count + 1 + $0.offset), $0.element.bandKeys) })
        var times: [Double] = []
        var found = 0
        for _ in 0..<5 {
            for fingerprint in real {
                let start = ContinuousClock.now
                let candidates = try archive.nearDuplicateCandidates(for: fingerprint.bandKeys)
                times.append(Measure.milliseconds(since: start))
                found += candidates.count
            }
        }
        let sorted = times.sorted()
        print("dedup-sqlite: \(count) synthetic + \(real.count) real fingerprints, \(bands) bands each (filled in \(Measure.format(fillMs / 1000)) s)")
        print("  candidate probe over \(times.count) lookups: median \(Measure.format(Measure.median(times), 3)) ms, "
            + "p99 \(Measure.format(sorted[sorted.count * 99 / 100], 3)) ms, mean candidates \(Measure.format(Double(found) / Double(times.count)))")
        let size = (try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("archive.sqlite").path)[.size] as? Int) ?? 0
        print("  archive file: \(size / 1_048_576) MiB, peak RSS \(Measure.format(Measure.peakRSSMiB())) MiB")
    }

    /// `finews import` of N articles: the labelled stream varied (paragraphs rotated, titles and ids
    /// numbered) and repeated, through the whole pipeline into a fresh archive, then published.
    static func importMany(_ arguments: [String]) async throws {
        let count = Measure.option("--articles", in: arguments, default: 100_000)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("finews-import-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dump = folder.appendingPathComponent("dump.jsonl")
        let docs = try writeDump(count: count, to: dump)
        try Data("sources: []\n".utf8).write(to: folder.appendingPathComponent("finews.yaml"))
        let config = try FinewsConfig.load(from: folder.appendingPathComponent("finews.yaml"))
        let archive = try Archive(path: config.database)
        var report: Importer.Report?
        let ms = try await Measure.milliseconds { report = try await Importer(config: config, archive: archive).run(file: dump) }
        let outcome = report?.outcome
        print("import: \(count) articles (the stream of \(docs) varied and repeated)")
        print("  \(Measure.format(ms / 1000)) s, \(Measure.format(Double(count) / ms * 1000, 0)) articles/s; "
            + "\(outcome?.new ?? 0) new, \(outcome?.merged ?? 0) merged into stories, \(outcome?.errors.count ?? 0) errors")
        print("  peak RSS \(Measure.format(Measure.peakRSSMiB())) MiB")
    }

    /// A JSON Lines dump of `count` articles: the stream's documents over and over, each round with its
    /// paragraphs rotated and its title numbered. Returns how many documents the stream has.
    static func writeDump(count: Int, to dump: URL) throws -> Int {
        let docs = try streamDocuments()
        _ = FileManager.default.createFile(atPath: dump.path, contents: nil)
        let handle = try FileHandle(forWritingTo: dump)
        for index in 0..<count {
            var doc = docs[index % docs.count]
            let round = index / docs.count
            var paragraphs = (doc["content"] as? String ?? "").split(separator: "\n").map(String.init)
            if paragraphs.count > 1 { paragraphs = Array(paragraphs[(round % paragraphs.count)...] + paragraphs[..<(round % paragraphs.count)]) }
            doc["id"] = "\(doc["id"] ?? "")-\(round)"
            doc["title"] = "\(doc["title"] ?? "") (\(round))"
            doc["content"] = paragraphs.joined(separator: "\n")
            try handle.write(contentsOf: try JSONSerialization.data(withJSONObject: doc) + Data("\n".utf8))
        }
        try handle.close()
        return docs.count
    }
}
