import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Model

/// A feed reader's OPML export (newsboat, miniflux, FreshRSS, Inoreader, …) read as a list of `feed`
/// sources: every `outline` with an `xmlUrl`, at any depth (readers put feeds inside folder outlines).
///
/// Ids come from the titles so they stay the same from one load to the next: ASCII titles give a slug,
/// Chinese titles their pinyin (`财新网` → `caixinwang`); a title that yields nothing, or an id already
/// taken, gets a short hash of the feed URL (`caixinwang-3f2a9c`).
enum OPMLSubscriptions {
    struct Outline {
        var line: Int
        var title: String?
        var xmlURL: String?
        var type: String?
    }

    static func read(_ file: URL, existing: [SourceConfig]) throws(ConfigError) -> [SourceConfig] {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw .unreadable(file: file.path, reason: (error as NSError).localizedDescription)
        }
        let outlines = try parse(data, file: file.path)
        var sources: [SourceConfig] = []
        var taken = Set(existing.map(\.id))
        var urls = Set(existing.compactMap(\.url))
        for outline in outlines {
            guard let url = outline.xmlURL?.trimmingCharacters(in: .whitespacesAndNewlines) else {
                if let type = outline.type?.lowercased(), ["rss", "atom"].contains(type) {
                    throw .opml(file: file.path, line: outline.line, problem: "an outline of type '\(type)' has no xmlUrl")
                }
                continue
            }
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
                  parsed.host?.isEmpty == false else {
                throw .opml(file: file.path, line: outline.line, problem: "xmlUrl '\(url)' is not an http or https URL")
            }
            // The same feed twice (in two folders, or already configured) is read once.
            guard urls.insert(url).inserted else { continue }
            let title = outline.title?.trimmingCharacters(in: .whitespacesAndNewlines)
            let id = makeID(title: title, url: url, taken: taken)
            taken.insert(id)
            sources.append(SourceConfig(id: id, kind: .feed, title: title?.isEmpty == false ? title : parsed.host, url: url))
        }
        return sources
    }

    static func makeID(title: String?, url: String, taken: Set<String>) -> String {
        let hash = String(Digest.sha256Hex(url).prefix(6))
        var base = Slug.make(title ?? "").lowercased()
        base = String(base.unicodeScalars.filter { $0.isASCII && ("a"..."z" ~= $0 || "0"..."9" ~= $0 || $0 == "-") })
        while base.hasPrefix("-") { base.removeFirst() }
        base = String(base.prefix(48))
        while base.hasSuffix("-") { base.removeLast() }
        // Slug names a title with no letters or digits "untitled"; a URL hash says more.
        guard !base.isEmpty, base != "untitled" || title?.lowercased().contains("untitled") == true else { return "feed-" + hash }
        return taken.contains(base) ? base + "-" + hash : base
    }

    static func parse(_ data: Data, file: String) throws(ConfigError) -> [Outline] {
        let parser = XMLParser(data: data)
        let collector = OutlineCollector()
        parser.delegate = collector
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        if let (line, problem) = collector.problem {
            throw .opml(file: file, line: line, problem: "not well-formed XML: \(problem)")
        }
        guard ok else {
            throw .opml(file: file, line: parser.lineNumber, problem: "not well-formed XML"
                + (parser.parserError.map { " (\($0.localizedDescription))" } ?? ""))
        }
        guard collector.sawOPML else { throw .opml(file: file, line: nil, problem: "not an OPML document (no <opml> root)") }
        return collector.outlines
    }

    private final class OutlineCollector: NSObject, XMLParserDelegate {
        var outlines: [Outline] = []
        var sawOPML = false
        /// Open elements: Foundation's parser on Linux lets some mismatched end tags through, so they are
        /// checked here.
        var open: [(name: String, line: Int)] = []
        var problem: (line: Int, text: String)?

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard problem == nil else { return }
            guard let last = open.popLast(), last.name == name else {
                let unclosed = open.last.map { " (<\($0.name)> of line \($0.line) is not closed)" } ?? ""
                problem = (parser.lineNumber, "</\(name)> does not close the open element" + unclosed)
                parser.abortParsing()
                return
            }
        }

        func parserDidEndDocument(_ parser: XMLParser) {
            if problem == nil, let last = open.last {
                problem = (last.line, "<\(last.name)> is never closed")
            }
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            open.append((name, parser.lineNumber))
            if name == "opml" { sawOPML = true }
            guard name == "outline" else { return }
            // OPML 2.0 names `text` as required and `title` as optional; exports use either.
            let title = [attributes["title"], attributes["text"]].compactMap { $0 }.first { !$0.isEmpty }
            outlines.append(Outline(line: parser.lineNumber, title: title, xmlURL: attributes["xmlUrl"] ?? attributes["xmlurl"],
                                    type: attributes["type"]))
        }
    }
}
