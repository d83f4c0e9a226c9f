import Config
import Fetch
import Foundation
import TestSupport
import Testing

/// Recipes (`recipes/*.yaml`, built in), the `json` kind's request and mapping options, and
/// `http.connect_to`: parsed, overridable, and every mistake named by file, line and key.
@Suite struct RecipeConfigTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder("recipe-config")
    }

    func load(_ yaml: String) throws -> FinewsConfig {
        let file = folder.path("finews.yaml")
        try Data(yaml.utf8).write(to: file)
        return try FinewsConfig.load(from: file)
    }

    func error(_ yaml: String) throws -> String? {
        do {
            _ = try load(yaml)
            return nil
        } catch let error as ConfigError {
            return error.description
        }
    }

    static let required = ["eastmoney-7x24", "eastmoney-column", "cls-telegraph", "cls-depth", "wallstreetcn-live",
                           "wallstreetcn-news", "jin10-flash", "stcn-kx", "yicai-latest", "sina-roll", "sina-7x24",
                           "cnstock", "csrc", "sse-bulletin", "szse-notice"]

    @Test func theBuiltInRecipesAreTheRecipeFilesOfTheRepository() throws {
        let folder = Fixtures.repositoryRoot.appendingPathComponent("recipes")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(Recipe.all.count == names.count, "a recipe file fails to parse, or scripts/embed-recipes was not run")
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let recipe = try Recipe(text: text, file: name)
            #expect(recipe.name + ".yaml" == name)
            let built = try #require(Recipe.named(recipe.name), "\(name) is not built in: run scripts/embed-recipes")
            #expect(built.text.trimmingCharacters(in: .newlines) == text.trimmingCharacters(in: .newlines),
                    "\(name) differs from the built-in copy: run scripts/embed-recipes")
        }
        #expect(Set(Self.required).isSubset(of: Set(Recipe.all.map(\.name))))
    }

    @Test func everyRecipeLoadsAsASource() throws {
        let entries = Recipe.all.map { recipe in
            let parameters = recipe.parameters.filter { $0.defaultValue == nil }.map { ", \($0.name): x1" }.joined()
            return "  - {id: \(recipe.name), recipe: \(recipe.name)\(parameters)}"
        }
        let config = try load("sources:\n" + entries.joined(separator: "\n") + "\n")
        for source in config.sources {
            #expect(source.kind == .json)
            #expect(source.recipe == source.id)
            #expect(source.title?.isEmpty == false)
        }
        let cls = try #require(config.source("cls-telegraph"))
        #expect(cls.url == "https://www.cls.cn/api/cache?name=telegraph")
        #expect(cls.json?.sign == .cls)
        #expect(cls.json?.records == "data.roll_data")
        #expect(cls.json?.linkTemplate == "https://www.cls.cn/detail/{id}")
        #expect(config.source("jin10-flash")?.json?.headers["x-app-id"] == "bVBF4FyRTn5NJF5n")
        #expect(config.source("jin10-flash")?.json?.skip == [SkipCondition(path: "type", op: .equals, value: "1")])
        #expect(config.source("szse-notice")?.json?.method == .post)
        #expect(config.source("eastmoney-7x24")?.url?.contains("getFastNewsList") == true)
    }

    @Test func aSourceOverridesAnyKeyOfItsRecipeAndSetsItsParameters() throws {
        let config = try load("""
            sources:
              - id: breakfast
                recipe: eastmoney-column
                column: 345
                interval: 5m
                title: 财经早餐
                fields: {title: [title, "summary | sentence"]}
              - {id: live, recipe: wallstreetcn-live, channel: a-stock, enabled: false}
            """)
        let breakfast = try #require(config.source("breakfast"))
        #expect(breakfast.url?.contains("column=345&") == true)
        #expect(breakfast.interval == 300)
        #expect(breakfast.title == "财经早餐")
        let fields = try #require(breakfast.json?.fields)
        #expect(fields.title == [FieldPath(path: "title"), FieldPath(path: "summary", filter: .sentence)])
        #expect(fields.id == [FieldPath(path: "code")], "keys of a nested mapping the source does not set stay the recipe's")
        let live = try #require(config.source("live"))
        #expect(live.url?.contains("channel=a-stock-channel") == true)
        #expect(!live.enabled)
    }

    @Test func jsonRequestOptions() throws {
        let config = try load("""
            sources:
              - id: post
                kind: json
                url: "https://example.com/api?t={now_ms}&r={random}"
                method: POST
                body: {range: ["{today-7}", "{today}"], size: 30, name: "x"}
                headers: {Referer: "https://example.com/", x-trace: "{now}"}
                skip: ["type == 1", "resource.uri contains /premium/", "kind != news"]
                envelope: {code: errno, ok: [0], message: msg}
              - id: form
                kind: json
                url: https://example.com/form
                method: POST
                body_type: form
                body: {q: "a b", page: 1}
            """)
        let post = try #require(config.source("post")?.json)
        #expect(post.body == #"{"name":"x","range":["{today-7}","{today}"],"size":30}"#)
        #expect(post.headers == ["Referer": "https://example.com/", "x-trace": "{now}"])
        #expect(post.skip.map(\.description) == ["type == 1", "resource.uri contains /premium/", "kind != news"])
        #expect(post.envelope == Envelope(code: "errno", ok: ["0"], message: ["msg"]))
        #expect(config.source("form")?.json?.body == "q=a%20b&page=1")
        let now = Date(timeIntervalSince1970: 1_748_914_200.5)
        let zone = try #require(TimeZone(identifier: "Asia/Shanghai"))
        #expect(RequestTemplate.expand("a={now_ms}&b={now}&c={today}&d={today-7}&e={x}", now: now, zone: zone, random: 0.25)
                == "a=1748914200500&b=1748914200&c=2025-06-03&d=2025-05-27&e={x}")
        #expect(RequestTemplate.expand("{random}", now: now, zone: zone, random: 0.25) == "2500000000000000")
    }

    /// The cls rule worked by hand: sorted `appName=CailianpressWeb&name=telegraph&os=web&sv=7.7.5`,
    /// sign = md5(hex(sha1(that))).
    @Test func theClsSignerSortsAndSignsTheQuery() throws {
        let signed = try #require(JSONSourceOptions.QuerySigner.cls.sign("https://www.cls.cn/api/cache?name=telegraph"))
        let query = "appName=CailianpressWeb&name=telegraph&os=web&sv=7.7.5"
        let python = try CommandRunner(executable: URL(fileURLWithPath: "/usr/bin/env")).run([
            "python3", "-c", "import hashlib,sys;q=sys.argv[1].encode();"
                + "print(hashlib.md5(hashlib.sha1(q).hexdigest().encode()).hexdigest())", query])
        #expect(python.status == 0, "\(python.stderr)")
        let expected = python.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(signed == "https://www.cls.cn/api/cache?\(query)&sign=\(expected)")
    }

    @Test func connectToEntriesAreCurlsFormat() throws {
        let config = try load("""
            http:
              connect_to: ["www.cls.cn:443:127.0.0.1:8443", ":80:[::1]:8080", "::localhost:"]
            sources: []
            """)
        #expect(config.http.connectTo == ["www.cls.cn:443:127.0.0.1:8443", ":80:[::1]:8080", "::localhost:"])
    }

    @Test(arguments: [
        ("sources:\n  - {id: a, recipe: cls-telegrap}\n", ":2: 'sources[0].recipe': no recipe 'cls-telegrap' (known: "),
        ("sources:\n  - {id: a, recipe: csrc}\n", ":2: missing required key 'sources[0].channel'"),
        ("sources:\n  - {id: a, recipe: cnstock, column: \"a\\\"b\"}\n", ":2: 'sources[0].column': a parameter of recipe cnstock must be"),
        ("sources:\n  - {id: a, recipe: jin10-flash, colour: red}\n", ":2: unknown key 'sources[0].colour'"),
        ("sources:\n  - {id: a, recipe: jin10-flash, skip: [\"type = 1\"]}\n", ":2: 'sources[0].skip[0]': 'type = 1' must be"),
        ("sources:\n  - {id: a, kind: json, url: \"https://e.com/?t={nowms}\"}\n", ":2: 'sources[0].url': unknown placeholder {nowms}"),
        ("sources:\n  - {id: a, kind: json, url: \"https://e.com/\", method: POST}\n", ":2: 'sources[0].method': POST needs a body"),
        ("sources:\n  - {id: a, kind: json, url: \"https://e.com/\", body: x}\n", ":2: 'sources[0].body': needs method: POST"),
        ("sources:\n  - {id: a, kind: json, url: \"https://e.com/\", sign: md5}\n", ":2: 'sources[0].sign': unknown signer 'md5'"),
        ("sources:\n  - {id: a, kind: json, url: \"https://e.com/\", fields: {title: \"x | upper\"}}\n", ":2: 'sources[0].fields.title': unknown filter 'upper'"),
        ("sources:\n  - {id: a, kind: json, url: \"https://e.com/\", headers: {\"bad header\": x}}\n", ":2: 'sources[0].headers.bad header': 'bad header' is not an HTTP header name"),
        ("sources:\n  - {id: a, kind: json, url: \"https://e.com/\", detail_url: \"https://e.com/{id}\", detail_format: page, detail_body: x}\n",
         ":2: 'sources[0].detail_body': is for detail_format json or next_data"),
        ("sources:\n  - {id: a, kind: json, url: \"https://e.com/\", detail_rules: {body: //div}}\n", ":2: 'sources[0].detail_rules': needs detail_format: page"),
        ("sources:\n  - {id: a, kind: json, url: \"https://e.com/\", envelope: {code: errno}}\n", ":2: missing required key 'sources[0].envelope.ok'"),
        ("http:\n  connect_to: [\"www.cls.cn:443:127.0.0.1\"]\nsources: []\n", ":2: 'http.connect_to': 'www.cls.cn:443:127.0.0.1' must be HOST:PORT:CONNECT_HOST:CONNECT_PORT"),
    ])
    func mistakesNameTheFileLineAndKey(_ yaml: String, _ message: String) throws {
        let text = try #require(try error(yaml))
        #expect(text.hasPrefix(folder.path("finews.yaml").path + message), "\(text)")
    }
}
