import ArgumentParser
import Extract
import Foundation
import Model

/// `finews extract FILE [--url PAGE_URL] [--json]`: the article of one saved page.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract the article (title, time, byline, sanitized body) from one HTML page.")

    @Argument(help: ArgumentHelp("A saved HTML page, UTF-8.", valueName: "FILE"))
    var page: String

    @Option(help: ArgumentHelp("The page's URL, for relative links and dates in the path.", valueName: "PAGE_URL"))
    var url: String?

    @Flag(help: "Print JSON: title, published, author, outlet, content_html, content_text.")
    var json = false

    func validate() throws {
        if page.hasPrefix("http://") || page.hasPrefix("https://") {
            // Fetching belongs to the Fetch stage (libcurl), which this command does not use yet.
            throw ValidationError("fetching a URL is not supported yet; save the page and give its FILE (and --url)")
        }
    }

    func run() throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: page)) } catch {
            throw ValidationError("cannot read \(page): \(error.localizedDescription)")
        }
        guard let html = String(validating: data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...],
                                as: UTF8.self) else {
            throw ValidationError("\(page) is not UTF-8; convert it first (charset detection is the Decode stage's job)")
        }
        let article: ExtractedArticle
        do { article = try ArticleExtractor().extract(html: html, url: url) } catch {
            FileHandle.standardError.write(Data("finews extract: \(error)\n".utf8))
            throw ExitCode.failure
        }
        FileHandle.standardOutput.write(json ? try Self.json(article) : Data(Self.text(article).utf8))
    }

    static func json(_ article: ExtractedArticle) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(ArticleJSON(article)) + Data("\n".utf8)
    }

    static func text(_ article: ExtractedArticle) -> String {
        ["title: \(article.title ?? "")", "published: \(article.published?.rfc3339 ?? "")",
         "author: \(article.author ?? "")", "outlet: \(article.outlet ?? "")", "", article.contentText, ""]
            .joined(separator: "\n")
    }
}

/// The JSON form of issue 4: absent fields are `null`, never missing.
struct ArticleJSON: Encodable {
    let article: ExtractedArticle

    init(_ article: ExtractedArticle) { self.article = article }

    enum CodingKeys: String, CodingKey {
        case title, published, author, outlet, contentHTML = "content_html", contentText = "content_text"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(article.title, forKey: .title)
        try container.encode(article.published?.rfc3339, forKey: .published)
        try container.encode(article.author, forKey: .author)
        try container.encode(article.outlet, forKey: .outlet)
        try container.encode(article.contentHTML, forKey: .contentHTML)
        try container.encode(article.contentText, forKey: .contentText)
    }
}
