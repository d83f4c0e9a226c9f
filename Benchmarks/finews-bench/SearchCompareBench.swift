import Foundation
import Store

/// `search-compare ARCHIVE.sqlite --database postgresql://… [--repeats R]`: search latency on SQLite
/// and on PostgreSQL over the same archive, side by side. The PostgreSQL database is one the caller
/// runs (nothing is started here); when it holds no articles, the SQLite archive is copied into it first,
/// as `finews migrate` does (`ArchiveCopy`). Each of the 50 queries runs R times on each backend,
/// alternating, and every answer is compared (ids, order, scores to 1e-9).
enum SearchCompareBench {
    static func run(_ arguments: [String]) async throws {
        guard let path = arguments.first, !path.hasPrefix("--"),
              let url = arguments.firstIndex(of: "--database").flatMap({ arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil })
                .flatMap(URL.init(string:)) else {
            print("usage: finews-bench search-compare ARCHIVE.sqlite --database postgresql://… [--repeats N]")
            exit(2)
        }
        let repeats = max(1, Measure.option("--repeats", in: arguments, default: 5))
        let sqlite = try Archive(path: URL(fileURLWithPath: path))
        let postgres = try ArchiveBackend.open(url)
        let count = try sqlite.articleCount()
        if try postgres.articleCount() == 0 {
            let start = ContinuousClock.now
            let report = try ArchiveCopy.copy(from: sqlite, to: postgres)
            guard report.isExact else {
                print("the copy differs from the archive: \(report.mismatched.count) articles")
                exit(1)
            }
            print("copied \(count) articles into \(postgres.location) in \(Measure.format(Measure.milliseconds(since: start) / 1000, 1)) s")
        }
        let copied = try postgres.articleCount()
        guard copied == count else {
            print("\(postgres.location) holds \(copied) articles, the archive \(count): not the same archive")
            exit(1)
        }
        print("search on \(count) articles, SQLite \(path) and PostgreSQL \(postgres.location); load average \(SearchBench.loadAverage())")
        var times: [String: [Double]] = [:]
        var perQuery: [(query: String, sqlite: Double, postgres: Double, found: Int)] = []
        var differing: [String] = []
        for query in SearchBench.queries {
            let parsed = try SearchQuery(parsing: query)
            var own: [String: [Double]] = [:]
            var answers: [String: [SearchHit]] = [:]
            for _ in 0..<repeats {
                for (name, archive) in [("SQLite", sqlite as any ArchiveStore), ("PostgreSQL", postgres)] {
                    let start = ContinuousClock.now
                    answers[name] = try archive.search(parsed, limit: 20)
                    own[name, default: []].append(Measure.milliseconds(since: start))
                }
            }
            let left = answers["SQLite"] ?? [], right = answers["PostgreSQL"] ?? []
            if left.map(\.article.id) != right.map(\.article.id)
                || zip(left, right).contains(where: { abs($0.score - $1.score) > 1e-9 }) {
                differing.append(query)
            }
            for (name, values) in own { times[name, default: []] += values }
            perQuery.append((query, Measure.median(own["SQLite"] ?? []), Measure.median(own["PostgreSQL"] ?? []), left.count))
        }
        func p99(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)]
        }
        print("  search (20 results with snippets), \(SearchBench.queries.count) queries × \(repeats) on each, alternating; "
            + "load average \(SearchBench.loadAverage())")
        for name in ["SQLite", "PostgreSQL"] {
            let values = times[name] ?? []
            print("    \(name.padding(toLength: 10, withPad: " ", startingAt: 0)) p50 \(Measure.format(Measure.median(values))) ms, "
                + "p99 \(Measure.format(p99(values))) ms, max \(Measure.format(values.max() ?? 0)) ms")
        }
        for row in perQuery.sorted(by: { $0.postgres > $1.postgres }).prefix(5) {
            print("    slowest on PostgreSQL: \(row.query)  \(Measure.format(row.postgres)) ms (SQLite \(Measure.format(row.sqlite)) ms, "
                + "\(row.found) results)")
        }
        print("  answers differing between the backends: \(differing.isEmpty ? "none" : differing.joined(separator: ", "))")
        if !differing.isEmpty { exit(1) }
    }
}
