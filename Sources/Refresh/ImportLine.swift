import Foundation
import Markup
import Model

/// One line of an import dump, read into a draft or into an error that names the line.
package enum ImportLine {
    struct Record: Decodable {
        var id: String
        var source: String?
        var url: String?
        var title: String
        var published: String?
        var content: String
    }

    package struct Problem: Error, CustomStringConvertible {
        var file: String
        var line: Int
        var reason: String
        package var description: String { "\(file):\(line): \(reason)" }
    }

    /// Nil for a blank line.
    package static func parse(_ bytes: Data, number: Int, file: String, timeZone: TimeZone) -> Result<ArticleDraft, Problem>? {
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return nil }
        let record: Record
        do {
            record = try JSONDecoder().decode(Record.self, from: bytes)
        } catch DecodingError.keyNotFound(let key, _) {
            return .failure(Problem(file: file, line: number, reason: "missing field '\(key.stringValue)'"))
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            return .failure(Problem(file: file, line: number, reason: "field '\(field)' has the wrong type"))
        } catch {
            return .failure(Problem(file: file, line: number, reason: "not a JSON object"))
        }
        guard !record.id.isEmpty else { return .failure(Problem(file: file, line: number, reason: "empty 'id'")) }
        var published: ZonedDate?
        if let raw = record.published, !raw.isEmpty {
            guard let date = ZonedDate.parse(raw, defaultZone: timeZone) else {
                return .failure(Problem(file: file, line: number, reason: "cannot parse 'published': \(raw)"))
            }
            published = date
        }
        let paragraphs = record.content.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let html = paragraphs.map { "<p>\(HTMLEscape.text($0))</p>" }.joined(separator: "\n")
        let title = record.title.trimmingCharacters(in: .whitespacesAndNewlines)
        return .success(ArticleDraft(itemID: record.id, link: record.url, title: title.isEmpty ? record.id : title,
                                     published: published, outlet: record.source, bodyHTML: html))
    }
}

/// Reads a file line by line in 1 MiB blocks, so a dump of any size streams through in flat memory.
final class LineReader {
    private let handle: FileHandle
    private var buffer = Data()
    private var lineNumber = 0
    private var atEnd = false
    private(set) var bytesRead = 0
    let totalBytes: Int

    init(_ url: URL) throws {
        handle = try FileHandle(forReadingFrom: url)
        totalBytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    }

    deinit { try? handle.close() }

    /// The next line (without its newline) and its 1-based number, or nil at the end.
    func next() throws -> (Int, Data)? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                lineNumber += 1
                return (lineNumber, Data(line))
            }
            if atEnd {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                lineNumber += 1
                return (lineNumber, buffer)
            }
            let block = try handle.read(upToCount: 1 << 20) ?? Data()
            bytesRead += block.count
            if block.isEmpty { atEnd = true } else { buffer.append(block) }
        }
    }
}
