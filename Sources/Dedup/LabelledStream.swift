import Foundation

/// One article of a dump in the `docs.jsonl` format: `id, source, url, title, published, content`.
public struct StreamDocument: Sendable, Hashable, Codable {
    public var id: String
    public var source: String
    public var url: String
    public var title: String
    public var published: String
    public var content: String

    public init(id: String, source: String, url: String, title: String, published: String, content: String) {
        self.id = id
        self.source = source
        self.url = url
        self.title = title
        self.published = published
        self.content = content
    }
}

/// One line of `labels.jsonl`: the true story (`cluster`) of a document.
public struct StreamLabel: Sendable, Hashable, Codable {
    public var id: String
    public var cluster: String
    public var kind: String
}

public enum JSONLines {
    /// Decodes every non-blank line; a bad line throws `DedupError.badStreamLine` naming it.
    public static func decode<Record: Decodable>(_ type: Record.Type, from data: Data,
                                                 file: String) throws(DedupError) -> [Record] {
        var records: [Record] = []
        let decoder = JSONDecoder()
        for (offset, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .enumerated() where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) {
            do {
                records.append(try decoder.decode(Record.self, from: Data(line)))
            } catch {
                throw .badStreamLine(file: file, line: offset + 1, reason: String(describing: error))
            }
        }
        return records
    }
}
