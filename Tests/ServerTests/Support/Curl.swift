import Foundation
import TestSupport

/// curl(1) as the client: a real HTTP implementation, independent of the server's.
struct Curl {
    /// Blocks: call through `get`, which keeps it off the cooperative pool.
    struct Answer: Sendable {
        var status: Int
        /// Lowercased names.
        var headers: [String: String]
        var body: Data

        subscript(_ name: String) -> String? { headers[name.lowercased()] }
    }

    static func run(_ arguments: [String]) throws -> Answer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("curl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let headerFile = folder.appendingPathComponent("headers"), bodyFile = folder.appendingPathComponent("body")
        let errorFile = folder.appendingPathComponent("errors")
        try ChildProcess.spawn("/usr/bin/curl", ["-s", "-S", "--max-time", "10", "--stderr", errorFile.path,
                                                 "-D", headerFile.path, "-o", bodyFile.path] + arguments).wait()
        let headerText = (try? String(contentsOf: headerFile, encoding: .utf8)) ?? ""
        // The last header block is the final answer (after any 1xx).
        let block = headerText.components(separatedBy: "\r\n\r\n").last(where: { !$0.isEmpty }) ?? ""
        var lines = block.components(separatedBy: "\r\n")
        let statusLine = lines.isEmpty ? "" : lines.removeFirst()
        let status = statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Answer(status: status, headers: headers, body: (try? Data(contentsOf: bodyFile)) ?? Data())
    }

    static func get(_ url: String, _ extra: [String] = []) async throws -> Answer {
        let arguments = extra + [url]
        return try await offPool { try run(arguments) }
    }
}
