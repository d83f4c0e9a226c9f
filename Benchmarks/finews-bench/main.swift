import Foundation

// finews-bench: measurements that do not belong in timed tests. Build in release mode:
//   swift build -c release --product finews-bench && .build/release/finews-bench MODE [ARGS]
let modes: [String: (summary: String, run: ([String]) async throws -> Void)] = [
    "refresh-files": ("one refresh over N generated posts shaped like the seeds (files/s, peak RSS); --posts N, "
                      + "--part-size P, --folder DIR [--write-only], --database URL (a new PostgreSQL database)", RefreshFilesBench.run),
    "fetch": ("one fetch of the feed URLs in a file: fetch, decode, parse (wall, requests/s, peak RSS)",
              { arguments in
                  guard let file = arguments.first else {
                      print("usage: finews-bench fetch URLS_FILE")
                      exit(2)
                  }
                  let status = await FetchBenchmark.run(urlsFile: file)
                  if status != 0 { exit(status) }
              }),
    "refresh-feeds": ("one full refresh (fetch, store, publish) of the feed URLs in a file, one source each",
                      RefreshFeedsBench.run),
    "archive": ("an archive of N generated articles (default 100,000), published, with a config serving it",
                ArchiveFixture.run),
    "publish": ("publishing every feed from archives of growing size (ms), full and incremental", PublishBench.run),
    "extract-eval": ("extraction over folders in the format of Tests/Fixtures/extraction/<set> (F1, dates, ms)",
                     { arguments in
                         let status = ExtractEvaluation.run(arguments)
                         if status != 0 { exit(status) }
                     }),
    "dedup-sqlite": ("median candidate probe of the archive's band index with N fingerprints (default 1,000,000)",
                     ArchiveDedupBench.lookup),
    "import": ("finews import of N articles (default 100,000) through the whole pipeline: articles/s, peak RSS",
               ArchiveDedupBench.importMany),
    "search": ("full-text search on N generated news articles (default 100,000): write and import cost, "
               + "size, p50/p99 of 50 queries, front page", SearchBench.run),
    "search-documents": ("the search documents of N generated articles as CSV, to try FTS5 settings in the sqlite3 shell",
                         { try SearchBench.writeDocuments($0) }),
    "search-compare": ("search p50/p99 over the 50 queries on an SQLite archive and its copy in PostgreSQL (--database URL)",
                       SearchCompareBench.run),
    "search-archive": ("search p50/p99 over the 50 queries and the front page on an existing archive", SearchBench.runOnArchive),
    "dedup-eval": ("near-duplicate stories on Tests/Fixtures/dedup: pairwise precision/recall and margins",
                   { try DedupBench.run(mode: "dedup-eval", arguments: $0) }),
    "dedup-lookup": ("median near-duplicate lookup with N fingerprints indexed (default 1,000,000)",
                     { try DedupBench.run(mode: "dedup-lookup", arguments: $0) }),
    "dedup-throughput": ("normalize+fingerprint (+story) per article, stream varied to N (default 100,000), peak RSS",
                         { try DedupBench.run(mode: "dedup-throughput", arguments: $0) }),
]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, let mode = modes[name] else {
    print("usage: finews-bench MODE [ARGS]\n\nmodes:")
    for (name, mode) in modes.sorted(by: { $0.key < $1.key }) { print("  \(name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(mode.summary)") }
    exit(arguments.isEmpty || arguments.first == "--help" ? 0 : 2)
}
try await mode.run(Array(arguments.dropFirst()))
