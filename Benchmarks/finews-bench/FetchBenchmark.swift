import Decode
import Fetch
import Foundation
import Adapters

/// One fetch of many feeds: each URL fetched with the default policy, decoded, parsed and mapped to
/// drafts, all at once as a refresh would. Prints one line of `key=value` figures.
///
/// Usage: `finews-bench fetch URLS_FILE` (one URL a line).
enum FetchBenchmark {
    static func run(urlsFile: String) async -> Int32 {
        guard let list = try? String(contentsOfFile: urlsFile, encoding: .utf8) else {
            print("cannot read \(urlsFile)")
            return 2
        }
        let urls = list.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        let client = HTTPClient()
        let started = DispatchTime.now().uptimeNanoseconds
        let counts = await withTaskGroup(of: (ok: Bool, items: Int).self) { group in
            for url in urls { group.addTask { await readFeed(url, client: client) } }
            return await group.reduce(into: (ok: 0, failed: 0, items: 0)) { total, result in
                if result.ok { total.ok += 1 } else { total.failed += 1 }
                total.items += result.items
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print(String(format: "finews feeds=%d ok=%d failed=%d items=%d wall_s=%.3f req_per_s=%.1f peak_rss_mib=%.1f",
                     urls.count, counts.ok, counts.failed, counts.items, seconds, Double(urls.count) / seconds,
                     Double(usage.ru_maxrss) / 1024))
        return counts.failed == 0 ? 0 : 1
    }

    private static func readFeed(_ url: String, client: HTTPClient) async -> (ok: Bool, items: Int) {
        guard case let .success(response) = await client.fetch(FetchRequest(url: url)),
              let text = try? TextDecoder.decode(response.body, contentType: response.contentType, location: url).text,
              let feed = try? FeedParser.parse(text, url: url, timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        else { return (false, 0) }
        let drafts = feed.items.compactMap { try? $0.draft(feedURL: url).get() }
        return (true, drafts.count)
    }
}
