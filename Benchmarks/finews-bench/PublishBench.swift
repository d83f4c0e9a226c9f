import Dedup
import Config
import Foundation
import Markup
import Model
import Publish
import Store

/// Publishing every feed from archives of growing size, side by side in one run: a full publish (a new
/// output folder) and an incremental one after one new article. Publishing must cost the feeds' size,
/// not the archive's: the times should stay flat as the archive grows.
enum PublishBench {
    static func run(_ arguments: [String]) async throws {
        let largest = Measure.option("--articles", in: arguments, default: 100_000)
        let sizes = [1_000, 10_000, largest].filter { $0 <= largest }
        let repeats = Measure.option("--repeats", in: arguments, default: 5)
        print("publish: \(repeats) runs each, median ms (20 categories, 5 sources, 50 items per feed)")
        print("  articles   full publish   incremental   feeds")
        for size in Set(sizes).sorted() {
            let row = try measure(size: size, repeats: repeats)
            print("  \(String(size).padding(toLength: 9, withPad: " ", startingAt: 0))  "
                + "\(Measure.format(row.full).padding(toLength: 13, withPad: " ", startingAt: 0))  "
                + "\(Measure.format(row.incremental).padding(toLength: 12, withPad: " ", startingAt: 0))  \(row.files)")
        }
        print("  peak RSS: \(Measure.format(Measure.peakRSSMiB())) MiB")
    }

    static func measure(size: Int, repeats: Int) throws -> (full: Double, incremental: Double, files: Int) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("finews-publish-\(getpid())-\(size)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sourceIDs = (0..<5).map { "source\($0)" }
        let config = FinewsConfig(file: folder.appendingPathComponent("finews.yaml"),
                                  database: folder.appendingPathComponent("archive.sqlite"),
                                  output: folder.appendingPathComponent("public"),
                                  sources: sourceIDs.map { SourceConfig(id: $0, kind: .files) })
        let archive = try Archive(path: config.database)
        try fill(archive, count: size, sources: sourceIDs)
        let publisher = Publisher(archive: archive, config: config)
        var full: [Double] = [], incremental: [Double] = []
        var files = 0
        for run in 0..<repeats {
            try? FileManager.default.removeItem(at: config.output)
            var start = ContinuousClock.now
            files = try publisher.publish().count
            full.append(Measure.milliseconds(since: start))
            let refresh = try archive.beginRefresh(trigger: .manual, at: Date())
            _ = try archive.apply(SourceBatch(sourceID: "source0", kind: "files",
                                              articles: [draft(size + run, sources: 1)]), refreshID: refresh, at: Date())
            start = ContinuousClock.now
            _ = try publisher.publish()
            incremental.append(Measure.milliseconds(since: start))
        }
        return (Measure.median(full), Measure.median(incremental), files)
    }

    static func fill(_ archive: Archive, count: Int, sources: [String]) throws {
        let refresh = try archive.beginRefresh(trigger: .import, at: Date())
        for (offset, source) in sources.enumerated() {
            let drafts = stride(from: offset, to: count, by: sources.count).map { draft($0, sources: sources.count) }
            for chunk in stride(from: 0, to: drafts.count, by: 5_000) {
                _ = try archive.apply(SourceBatch(sourceID: source, kind: "files",
                                                  articles: Array(drafts[chunk..<min(chunk + 5_000, drafts.count)])),
                                      refreshID: refresh, at: Date())
            }
        }
    }

    /// A body of its own for every article, recombined from real Chinese news sentences (`NewsCorpus`),
    /// so the archive is made of distinct stories with news-like term frequencies.
    static func body(_ index: Int) -> (title: String, html: String, text: String) {
        let article = NewsCorpus.shared.article(index)
        return ("第\(index)号 " + article.title,
                article.paragraphs.map { "<p>" + HTMLEscape.text($0) + "</p>" }.joined(),
                article.paragraphs.joined(separator: "\n"))
    }

    static let fingerprinter = Fingerprinter()

    /// An article as the preparation stage hands it to the writer.
    static func draft(_ index: Int, sources: Int) -> PreparedArticle {
        let category = Category(name: "栏目\(index % 20)")
        let published = ZonedDate(date: Date(timeIntervalSince1970: 1_600_000_000 + Double(index) * 60), utcOffset: 8 * 3600)
        let body = body(index)
        let draft = ArticleDraft(itemID: "NW\(index)", link: "https://news.example.com/\(index).html", title: body.title,
                                 published: published, outlet: "证券时报网", categories: [category], bodyHTML: body.html)
        let text = body.text
        return PreparedArticle(draft, itemID: draft.itemID, contentHTML: draft.bodyHTML, contentText: text,
                               fingerprint: fingerprinter.fingerprint(text))
    }
}
