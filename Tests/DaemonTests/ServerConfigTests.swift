import Config
import Foundation
import TestSupport
import Testing

/// The `server:` section and `state_dir`, read like every other part of the configuration.
@Suite struct ServerConfigTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder("server-config")
        try FileManager.default.createDirectory(at: folder.path("posts"), withIntermediateDirectories: true)
    }

    func load(_ extra: String) throws -> FinewsConfig {
        let file = try folder.write("finews.yaml", "database: var/a.sqlite\n\(extra)sources:\n  - id: s\n    kind: files\n    path: posts\n")
        return try FinewsConfig.load(from: file)
    }

    func error(_ extra: String) -> String {
        do {
            _ = try load(extra)
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func defaultsAreLoopbackNoTokenAndTheDatabaseFolder() throws {
        let config = try load("")
        #expect(config.server.listen == ListenAddress(host: "127.0.0.1", port: 8080))
        #expect(config.server.refreshToken == nil)
        #expect(config.stateDirectory.standardizedFileURL.path == folder.path("var").standardizedFileURL.path)
    }

    @Test func listenTokenAndStateFolderAreRead() throws {
        let config = try load("state_dir: run\nserver:\n  listen: \"[::1]:9090\"\n  refresh_token: abcdefghijklmnopqrstuvwxyz\n")
        #expect(config.server.listen == ListenAddress(host: "::1", port: 9090))
        #expect(config.server.listen.description == "[::1]:9090")
        #expect(config.server.refreshToken == "abcdefghijklmnopqrstuvwxyz")
        #expect(config.stateDirectory.standardizedFileURL.path == folder.path("run").standardizedFileURL.path)
    }

    @Test func mistakesNameTheFileLineAndKey() {
        #expect(error("server:\n  listen: localhost\n").contains("finews.yaml:3: 'server.listen': 'localhost' must be HOST:PORT"))
        #expect(error("server:\n  listen: 127.0.0.1:99999\n").contains("'server.listen'"))
        #expect(error("server:\n  refresh_token: short\n").contains("finews.yaml:3: 'server.refresh_token': must be at least 16"))
        #expect(error("server:\n  port: 80\n").contains("finews.yaml:3: unknown key 'server.port'"))
    }

    @Test func listenAddressesParse() {
        #expect(ListenAddress.parse("0.0.0.0:80") == ListenAddress(host: "0.0.0.0", port: 80))
        #expect(ListenAddress.parse("127.0.0.1:0")?.port == 0)
        #expect(ListenAddress.parse("::1:80") == nil)
        #expect(ListenAddress.parse(":80") == nil)
        #expect(ListenAddress.parse("host") == nil)
    }
}
