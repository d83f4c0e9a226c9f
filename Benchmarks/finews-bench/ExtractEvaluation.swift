import Sanitize
import Extract
import Foundation
import Model

/// `finews-bench extract-eval SET_FOLDER…` scores the extractor on folders in the format of
/// Tests/Fixtures/extraction/<set>: body F1 (characters without whitespace, per-character minimum
/// counts, mean over pages, empty output scores 0), date accuracy (same day; same minute where the
/// label has a time) and the median time per page: CPU time of the extracting thread for
/// `ArticleExtractor.extract` alone (reading and decoding the page are outside it), with wall time beside it.
enum ExtractEvaluation {
    struct PageResult {
        var id: String
        var f1: Double?
        var dateRight: Bool?
        var titleRight: Bool?
        var milliseconds: Double
        /// CPU time of this thread: what "per page on one core" means when other jobs share the machine.
        var cpuMilliseconds = 0.0
        var mojibake: Bool
        /// Damaged bytes the decoder had to drop; -1 when the page did not decode at all.
        var droppedBytes = 0
        var error: String?
        var predictedDate: String?
        var labelDate: String?
    }

    static func run(_ arguments: [String]) -> Int32 {
        let verbose = arguments.contains("--verbose")
        dumpFolder = arguments.first(where: { $0.hasPrefix("--dump=") }).map { String($0.dropFirst(7)) }
        repeats = arguments.first(where: { $0.hasPrefix("--repeat=") }).flatMap { Int($0.dropFirst(9)) }
            .map { min(max($0, 1), 1000) } ?? 1
        let folders = arguments.filter { !$0.hasPrefix("--") }
        guard !folders.isEmpty else {
            print("usage: finews-bench extract-eval [--verbose] [--dump=FOLDER] [--repeat=N] SET_FOLDER…")
            return 64
        }
        for folder in folders {
            do {
                let results = try evaluate(URL(fileURLWithPath: folder))
                report(folder: folder, results: results, verbose: verbose)
            } catch {
                print("\(folder): \(error)")
                return 1
            }
        }
        return 0
    }

    /// `--dump=FOLDER` writes each page's extracted text there, for reading the misses.
    nonisolated(unsafe) static var dumpFolder: String?
    /// `--repeat=N` extracts each page N times and keeps the median time: steadier on a shared machine,
    /// and long enough for `perf record`.
    nonisolated(unsafe) static var repeats = 1

    static func evaluate(_ folder: URL) throws -> [PageResult] {
        let lines = try String(contentsOf: folder.appendingPathComponent("gt.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        // The fixed "now" keeps "not in the future" meaningful without depending on the day it runs.
        let extractor = ArticleExtractor(clock: ManualClock(Date()))
        var results: [PageResult] = []
        for line in lines {
            guard let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let id = record["id"] as? String else { continue }
            let data = try Data(contentsOf: folder.appendingPathComponent("pages/\(id).html"))
            let decoded = try? FixturePageDecoding.text(data, location: "\(id).html")
            let html = decoded?.text ?? ""
            let url = (record["url"] as? String).flatMap { $0.isEmpty ? nil : $0 }
            var article: ExtractedArticle?
            var failure: String?
            var wall: [Double] = []
            var cpu: [Double] = []
            for _ in 0..<repeats {
                let started = DispatchTime.now().uptimeNanoseconds
                let cpuStarted = threadCPUNanoseconds()
                do { article = try extractor.extract(html: html, url: url) } catch {
                    article = nil
                    failure = "\(error)"
                }
                wall.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
                cpu.append(Double(threadCPUNanoseconds() - cpuStarted) / 1_000_000)
            }
            let milliseconds = median(wall)
            var result = PageResult(id: id, milliseconds: milliseconds, mojibake: false, error: failure)
            result.cpuMilliseconds = median(cpu)
            // The text the refresh would store: the extracted body through the sanitizer.
            let text = article.map { Sanitizer(baseURL: $0.baseURL).clean(html: $0.bodyHTML).text } ?? ""
            if let dumpFolder {
                let summary = "title: \(article?.title ?? "-")\npublished: \(article?.published?.rfc3339 ?? "-")\n"
                    + "author: \(article?.author ?? "-")\noutlet: \(article?.outlet ?? "-")\n\n"
                try? (summary + text).write(toFile: "\(dumpFolder)/\(id).txt", atomically: true, encoding: .utf8)
                // The body as extracted, before the sanitizer: what a change to the extractor must keep.
                try? (article?.bodyHTML ?? "").write(toFile: "\(dumpFolder)/\(id).body.html", atomically: true, encoding: .utf8)
            }
            let shown = text + (article?.title ?? "")
            result.mojibake = shown.contains("\u{FFFD}") || shown.contains("锟斤拷")
            result.droppedBytes = decoded.map { $0.damage?.droppedBytes ?? 0 } ?? -1
            if let truth = record["content"] as? String, !truth.isEmpty {
                result.f1 = characterF1(predicted: text, truth: truth)
            }
            if let label = record["publish_time"] as? String, let parsed = LabelDate(label) {
                result.labelDate = label
                result.predictedDate = article?.published?.rfc3339
                result.dateRight = article?.published.map(parsed.matches) ?? false
            }
            if let title = record["title"] as? String, !title.isEmpty {
                let normalise = { (s: String) in s.filter { !$0.isWhitespace } }
                result.titleRight = normalise(article?.title ?? "") == normalise(title)
            }
            results.append(result)
        }
        return results
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func threadCPUNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    static func characterF1(predicted: String, truth: String) -> Double {
        var truthCounts: [Character: Int] = [:]
        var truthTotal = 0
        for character in truth where !character.isWhitespace { truthCounts[character, default: 0] += 1; truthTotal += 1 }
        var predictedCounts: [Character: Int] = [:]
        var predictedTotal = 0
        for character in predicted where !character.isWhitespace {
            predictedCounts[character, default: 0] += 1
            predictedTotal += 1
        }
        guard predictedTotal > 0, truthTotal > 0 else { return 0 }
        let overlap = predictedCounts.reduce(0) { $0 + min($1.value, truthCounts[$1.key] ?? 0) }
        guard overlap > 0 else { return 0 }
        let precision = Double(overlap) / Double(predictedTotal)
        let recall = Double(overlap) / Double(truthTotal)
        return 2 * precision * recall / (precision + recall)
    }

    static func report(folder: String, results: [PageResult], verbose: Bool) {
        let name = URL(fileURLWithPath: folder).lastPathComponent
        if verbose {
            for result in results {
                let f1 = result.f1.map { String(format: "%.3f", $0) } ?? "  -  "
                let date = result.dateRight.map { $0 ? "date ok" : "date NO (\(result.predictedDate ?? "nil") vs \(result.labelDate ?? ""))" } ?? ""
                print(String(format: "  %@ f1 %@ %6.2f ms (CPU %6.2f) %@ %@", result.id, f1, result.milliseconds,
                             result.cpuMilliseconds, date, result.error ?? ""))
            }
        }
        let scored = results.compactMap(\.f1)
        let dated = results.compactMap(\.dateRight)
        let titled = results.compactMap(\.titleRight)
        let times = results.map(\.milliseconds).sorted()
        let middle = median(times)
        var line = "\(name): \(results.count) pages"
        if !scored.isEmpty { line += String(format: ", body F1 %.4f (%d pages)", scored.reduce(0, +) / Double(scored.count), scored.count) }
        if !dated.isEmpty { line += ", date \(dated.filter { $0 }.count)/\(dated.count)" + String(format: " (%.0f %%)", 100 * Double(dated.filter { $0 }.count) / Double(dated.count)) }
        if !titled.isEmpty { line += ", title \(titled.filter { $0 }.count)/\(titled.count)" }
        // The figure that counts is CPU time of the extracting thread (the page already in memory,
        // decoded): other processes on the machine lengthen wall time, not it.
        let cpu = results.map(\.cpuMilliseconds).sorted()
        line += String(format: ", median CPU %.2f ms/page (max %.2f)", median(cpu), cpu.last ?? 0)
        line += String(format: ", wall %.2f ms/page (max %.2f)", middle, times.last ?? 0)
        line += ", mojibake \(results.filter(\.mojibake).count)"
        line += ", damaged bytes \(results.filter { $0.droppedBytes != 0 }.count), errors \(results.filter { $0.error != nil }.count)"
        print(line)
    }
}

/// A date label of the fixtures: `2005-5-7 21:23:57`, `2022-02-11 09:52`, `2006-12-27`, `2003-5`,
/// `2018`. A label without a day compares at its own precision; one with a time, to the minute.
struct LabelDate {
    var parts: [Int]

    init?(_ label: String) {
        let numbers = label.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard let year = numbers.first, (1990...2100).contains(year), numbers.count <= 6 else { return nil }
        parts = numbers.count == 4 ? Array(numbers.prefix(3)) : Array(numbers.prefix(5))
    }

    func matches(_ date: ZonedDate) -> Bool {
        let c = date.components
        let predicted = [c.year!, c.month!, c.day!, c.hour!, c.minute!]
        return Array(predicted.prefix(parts.count)) == parts
    }
}
