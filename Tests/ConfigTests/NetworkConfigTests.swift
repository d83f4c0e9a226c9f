import Model
import Config
import Fetch
import Foundation
import TestSupport
import Testing

/// The network kinds' options and the `http:` section: parsed, defaulted, and every mistake named by
/// file, line and key.
@Suite struct NetworkConfigTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder("network-config")
    }

    func load(_ yaml: String) throws(ConfigError) -> FinewsConfig {
        let file = folder.path("finews.yaml")
        try? Data(yaml.utf8).write(to: file)
        return try FinewsConfig.load(from: file)
    }

    func error(_ yaml: String) -> String? {
        do {
            _ = try load(yaml)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func theExampleSourcesUseRecipesValidateAndAreAllDisabled() throws {
        let file = Fixtures.repositoryRoot.appendingPathComponent("config/examples/recipes.yaml")
        let config = try FinewsConfig.load(from: file)
        #expect(config.sources.allSatisfy { !$0.enabled })
        #expect(config.http.refusePrivateAddresses)
        #expect(config.sources.filter { $0.recipe != nil }.count == 14)
        #expect(config.source("breakfast")?.interval == 30)
        #expect(config.source("breakfast")?.url?.contains("column=1207") == true)
        let api = try #require(config.source("infocode-api")?.json)
        #expect(api.fields.id == [FieldPath(path: "infoCode")])
        #expect(api.detailURL?.contains("{id}") == true)
    }

    @Test func networkKindsDefaultTheirOptionsAndTheHTTPSection() throws {
        let config = try load("""
            sources:
              - {id: a, kind: feed, url: "https://example.com/rss.xml"}
              - {id: b, kind: json, url: "https://example.com/api"}
              - {id: c, kind: html, url: "http://example.com/news/"}
            """)
        #expect(config.http == FetchPolicy())
        #expect(config.source("a")?.url == "https://example.com/rss.xml")
        #expect(config.source("b")?.json == JSONSourceOptions())
        #expect(config.source("c")?.html == HTMLSourceOptions())
        #expect(config.source("c")?.html?.maxArticles == 30)
    }

    @Test func theHTTPSectionMapsOntoTheFetchPolicy() throws {
        let config = try load("""
            http:
              user_agent: test-agent/1
              connect_timeout: 500ms
              timeout: 1m
              low_speed_time: 5
              max_body: 2MiB
              max_redirects: 3
              proxy: http://proxy.local:3128
              per_host_concurrency: 4
              min_host_interval: 0
              max_transfers: 8
              attempts: 1
              retry_delay: 2s
              max_retry_after: 10m
              refuse_private_addresses: true
            sources: []
            """)
        var expected = FetchPolicy()
        expected.userAgent = "test-agent/1"
        expected.connectTimeout = 0.5
        expected.totalTimeout = 60
        expected.lowSpeedTime = 5
        expected.maxBodyBytes = 2 * 1024 * 1024
        expected.maxRedirects = 3
        expected.proxy = "http://proxy.local:3128"
        expected.perHostConcurrency = 4
        expected.minHostInterval = 0
        expected.maxConcurrentTransfers = 8
        expected.retry.maxAttempts = 1
        expected.retry.baseDelay = 2
        expected.retry.maxRetryAfter = 600
        expected.refusePrivateAddresses = true
        #expect(config.http == expected)
    }

    @Test func hostsGetTheirOwnPacingAndInheritWhatTheyLeaveOut() throws {
        let config = try load("""
            http:
              per_host_concurrency: 3
              min_host_interval: 500ms
              hosts:
                "127.0.0.1": {min_host_interval: 0s, per_host_concurrency: 8}
                RSSHub.LAN:
                  min_host_interval: 0
                "[::1]:1200": {per_host_concurrency: 16}
            sources: []
            """)
        #expect(config.http.perHostConcurrency == 3)
        #expect(config.http.minHostInterval == 0.5)
        #expect(config.http.hosts == [
            "127.0.0.1": HostPacing(concurrency: 8, minInterval: 0),
            "rsshub.lan": HostPacing(concurrency: 3, minInterval: 0),
            "[::1]:1200": HostPacing(concurrency: 16, minInterval: 0.5),
        ])
        #expect(config.http.pacing(host: "rsshub.lan", port: 1200) == HostPacing(concurrency: 3, minInterval: 0))
        #expect(config.http.pacing(host: "example.com", port: nil) == HostPacing(concurrency: 3, minInterval: 0.5))
    }

    @Test(arguments: [
        ("http:\n  hosts:\n    a.example: {per_host_concurrency: 0}\nsources: []\n", ":3: 'http.hosts.a.example.per_host_concurrency': must be between 1 and 64"),
        ("http:\n  hosts:\n    a.example: {min_host_interval: soon}\nsources: []\n", ":3: 'http.hosts.a.example.min_host_interval' must be a duration such as 0, 250ms, 2s or 1m"),
        ("http:\n  hosts:\n    a.example: {max_transfers: 4}\nsources: []\n", ":3: unknown key 'http.hosts.a.example.max_transfers'"),
        ("http:\n  hosts:\n    a.example: 4\nsources: []\n", ":3: 'http.hosts.a.example' must be a mapping of keys to values"),
        ("http:\n  hosts:\n    a.example:\nsources: []\n", ":3: 'http.hosts.a.example' must be a mapping such as {min_host_interval: 0s, per_host_concurrency: 8}"),
        ("http:\n  hosts:\n    \"https://a.example/\": {min_host_interval: 0}\nsources: []\n", ":3: 'http.hosts.https://a.example/': 'https://a.example/' must be a host name or address, optionally with a port (rsshub.lan, 127.0.0.1:1200, [::1])"),
        ("http:\n  hosts:\n    a.example: {min_host_interval: 0}\n    A.Example: {min_host_interval: 1s}\nsources: []\n", ":4: 'http.hosts.A.Example': 'a.example' is listed twice"),
        ("http:\n  hosts: [a.example]\nsources: []\n", ":2: 'http.hosts' must be a mapping of keys to values"),
    ])
    func hostPacingMistakesNameTheFileLineAndKey(_ yaml: String, _ message: String) throws {
        let text = try #require(error(yaml))
        #expect(text.hasPrefix(folder.path("finews.yaml").path + message), "\(text)")
    }

    @Test func jsonOptionsReadTheRecordPathFieldsAndDetailTemplate() throws {
        let config = try load("""
            sources:
              - id: api
                kind: json
                url: https://example.com/list
                records: data.list
                fields: {id: infoCode, published: showtime, outlet: medianame}
                detail_url: https://example.com/detail?code={id}
                detail_body: data.content
            """)
        let options = try #require(config.source("api")?.json)
        #expect(options.records == "data.list")
        #expect(options.fields.id == [FieldPath(path: "infoCode")])
        #expect(options.fields.title == [FieldPath(path: "title")])
        #expect(options.fields.outlet == [FieldPath(path: "medianame")])
        #expect(options.fields.configured == ["id", "published", "outlet"])
        #expect(options.detailURL == "https://example.com/detail?code={id}")
        #expect(options.detailBody == [FieldPath(path: "data.content")])
    }

    @Test(arguments: [
        ("sources:\n  - {id: a, kind: feed, url: \"ftp://example.com/rss\"}\n", ":2: 'sources[0].url': 'ftp://example.com/rss' must be an absolute http or https URL"),
        ("sources:\n  - {id: a, kind: feed}\n", ":2: missing required key 'sources[0].url'"),
        ("sources:\n  - {id: a, kind: feed, url: \"https://e.com/\", records: x}\n", ":2: unknown key 'sources[0].records'"),
        ("sources:\n  - id: a\n    kind: json\n    url: https://e.com/\n    fields: {id: code, colour: red}\n", ":5: unknown key 'sources[0].fields.colour'"),
        ("sources:\n  - id: a\n    kind: json\n    url: https://e.com/\n    detail_url: https://e.com/detail\n", ":5: 'sources[0].detail_url': 'https://e.com/detail' must be an http or https URL with {id}, {link} or a record field in braces"),
        ("sources:\n  - id: a\n    kind: html\n    url: https://e.com/\n    rules: {titel: //h1}\n", ":5: unknown key 'sources[0].rules.titel'"),
        ("http:\n  timeout: 0\nsources: []\n", ":2: 'http.timeout': must be more than 0"),
        ("http:\n  max_body: lots\nsources: []\n", ":2: 'http.max_body' must be a size such as 10MiB, 512KiB or 1048576"),
        ("http:\n  per_host: 3\nsources: []\n", ":2: unknown key 'http.per_host'"),
    ])
    func mistakesNameTheFileLineAndKey(_ yaml: String, _ message: String) throws {
        let text = try #require(error(yaml))
        #expect(text.hasPrefix(folder.path("finews.yaml").path + message), "\(text)")
    }
}
