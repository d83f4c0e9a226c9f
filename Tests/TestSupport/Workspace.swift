import Foundation

/// A throwaway finews installation: a copy of the seeds, a config pointing at it, an archive and an
/// output folder, all inside one temporary folder.
public final class Workspace: Sendable {
    public let folder: TemporaryFolder
    public var posts: URL { folder.path("posts") }
    public var output: URL { folder.path("public") }
    public var configFile: URL { folder.path("finews.yaml") }

    /// `database`: what the configuration's `database:` says (an SQLite path inside the workspace, or a
    /// PostgreSQL URL: `StoreBackend.newDatabase`).
    public init(seeds: Bool = true, items: Int = 50, database: String = "var/finews.sqlite") throws {
        folder = try TemporaryFolder("workspace")
        try FileManager.default.createDirectory(at: folder.path("posts"), withIntermediateDirectories: true)
        if seeds {
            for name in try FileManager.default.contentsOfDirectory(atPath: Fixtures.seeds.path) {
                try FileManager.default.copyItem(at: Fixtures.seeds.appendingPathComponent(name),
                                                 to: folder.path("posts/\(name)"))
            }
        }
        try folder.write("finews.yaml", """
            database: \(database)
            output: public
            feed:
              title: finews test
              base_url: http://127.0.0.1:8080/
              items: \(items)
            sources:
              - id: seeds
                kind: files
                path: posts
            """)
    }

    /// Every file under the output folder with its bytes and modification time.
    public func snapshot() throws -> [String: (Data, Date)] {
        var result: [String: (Data, Date)] = [:]
        guard let enumerator = FileManager.default.enumerator(at: output, includingPropertiesForKeys: [.contentModificationDateKey]) else {
            return result
        }
        for case let url as URL in enumerator where !url.hasDirectoryPath {
            let date = try url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate ?? .distantPast
            result[url.path.replacingOccurrences(of: output.path + "/", with: "")] = (try Data(contentsOf: url), date)
        }
        return result
    }
}
