import Foundation

/// What the last publish covered, kept inside the output folder itself: deleting the folder (or
/// pointing `output` elsewhere) makes the next publish start from scratch, as it must.
struct PublishState: Codable, Equatable {
    /// Bump when the renderers change what they write, so existing folders are rendered again.
    static let formatVersion = "3"
    static let fileName = ".finews-publish.json"

    var lastEventID: Int64
    var settings: String

    static func read(from output: OutputFolder) -> PublishState? {
        guard let data = try? Data(contentsOf: output.url(fileName)) else { return nil }
        return try? JSONDecoder().decode(PublishState.self, from: data)
    }

    func write(to output: OutputFolder) throws(PublishError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try output.write(Self.fileName, (try? encoder.encode(self)) ?? Data())
    }
}
