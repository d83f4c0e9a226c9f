import ArgumentParser
import Decode
import Extract
import Fetch
import Foundation
import Model
import Sanitize

/// `finews extract FILE|URL [--url PAGE_URL] [--json]`: the article of one page, saved or fetched.
/// Bytes go through the Decode stage either way (BOM, the `Content-Type` charset of a fetched page,
/// the page's own declarations, then UTF-8/GB18030 detection), so GBK pages read as they would in a
/// refresh.
struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract the article (title, time, byline, sanitized body) from one HTML page.")

    @Argument(help: ArgumentHelp("A saved HTML page, or an http(s) URL to fetch.", valueName: "FILE|URL"))
    var page: String

    @Option(help: ArgumentHelp("The page's URL, for relative links and dates in the path (default: the fetched URL after redirects).",
                               valueName: "PAGE_URL"))
    var url: String?

    @Flag(help: "Print JSON: title, published, author, outlet, content_html, content_text.")
    var json = false

    var isURL: Bool { page.hasPrefix("http://") || page.hasPrefix("https://") }

    func run() async throws {
        let loaded = isURL ? try await fetch() : try read()
        let decoded: DecodedText
        do { decoded = try TextDecoder.decode(loaded.data, contentType: loaded.contentType, location: page) } catch {
            fail("\(error)")
        }
        if let damage = decoded.damage {
            printError("finews extract: warning: \(page): \(damage) (decoded as \(decoded.charset))")
        }
        let text = decoded.text
        let article: ExtractedArticle
        let pageURL = url ?? loaded.pageURL
        do { article = try ArticleExtractor().extract(html: text, url: pageURL) } catch {
            fail("\(error)")
        }
        // The extractor returns the body as the page has it; shown here, it is sanitized as a refresh would.
        let body = Sanitizer(baseURL: article.baseURL).clean(html: article.bodyHTML)
        FileHandle.standardOutput.write(json ? try Self.json(article, body: body) : Data(Self.text(article, body: body).utf8))
    }

    private func read() throws -> (data: Data, contentType: String?, pageURL: String?) {
        do { return (try Data(contentsOf: URL(fileURLWithPath: page)), nil, nil) } catch {
            throw ValidationError("cannot read \(page): \(error.localizedDescription)")
        }
    }

    private func fetch() async throws -> (data: Data, contentType: String?, pageURL: String?) {
        switch await HTTPClient().fetch(FetchRequest(url: page)) {
        case let .success(response): (response.body, response.contentType, response.finalURL)
        case let .failure(error): fail("\(error)")
        }
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("finews extract: \(message)\n".utf8))
        Foundation.exit(ExitCode.failure.rawValue)
    }

    static func json(_ article: ExtractedArticle, body: Sanitizer.Output) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(ArticleJSON(article, body: body)) + Data("\n".utf8)
    }

    static func text(_ article: ExtractedArticle, body: Sanitizer.Output) -> String {
        ["title: \(article.title ?? "")", "published: \(article.published?.rfc3339 ?? "")",
         "author: \(article.author ?? "")", "outlet: \(article.outlet ?? "")", "", body.text, ""]
            .joined(separator: "\n")
    }
}

/// The JSON form of issue 4: absent fields are `null`, never missing.
struct ArticleJSON: Encodable {
    let article: ExtractedArticle
    let body: Sanitizer.Output

    init(_ article: ExtractedArticle, body: Sanitizer.Output) {
        self.article = article
        self.body = body
    }

    enum CodingKeys: String, CodingKey {
        case title, published, author, outlet, contentHTML = "content_html", contentText = "content_text"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(article.title, forKey: .title)
        try container.encode(article.published?.rfc3339, forKey: .published)
        try container.encode(article.author, forKey: .author)
        try container.encode(article.outlet, forKey: .outlet)
        try container.encode(body.html, forKey: .contentHTML)
        try container.encode(body.text, forKey: .contentText)
    }
}
