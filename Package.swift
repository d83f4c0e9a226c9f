// swift-tools-version:6.1
import PackageDescription

// One target per stage of the pipeline (DEVELOPERS.md): the folders under Sources/ tell the story
// Fetch → Decode → Adapters → Extract → Sanitize → Dedup → Store → Publish → Server/Daemon.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "finews",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "finews", targets: ["finews"]),
        .executable(name: "finews-bench", targets: ["finews-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        // The daemon: HTTP server, service lifecycle, metrics. Hummingbird's swift-configuration trait is off:
        // finews has its own configuration.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        // The PostgreSQL archive backend (issue 16): the wire protocol in Swift, on the NIO the server already runs.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // TLS to a PostgreSQL server on another machine (sslmode), as postgres-nio takes it.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // System libraries, from Debian's -dev packages.
        .systemLibrary(name: "CLibXML2", path: "Sources/System/CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        // libcurl's headers (libcurl4-openssl-dev); the library itself is loaded on first use
        // (`finews_curl.h` says why).
        .target(name: "CCurl", path: "Sources/System/CCurl"),
        .systemLibrary(name: "COpenCC", path: "Sources/System/COpenCC", pkgConfig: "opencc",
                       providers: [.apt(["libopencc-dev"])]),
        .systemLibrary(name: "CCrypto", path: "Sources/System/CCrypto", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),
        // RE2 (linear-time regular expressions) through a small C shim over its C++ API.
        .target(name: "CRE2", path: "Sources/System/CRE2", linkerSettings: [.linkedLibrary("re2")]),
        .systemLibrary(name: "CZlib", path: "Sources/System/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        // syncfs(2), which Swift's Glibc module does not export.
        .target(name: "CFileSync", path: "Sources/System/CFileSync"),
        // An arena for libxml2's allocations while it parses an HTML page (the extractor's pages).
        .target(name: "CXMLArena", dependencies: ["CLibXML2"], path: "Sources/System/CXMLArena"),

        // Shared vocabulary and thin wrappers over the C libraries.
        .target(name: "Model", dependencies: ["CCrypto"], swiftSettings: strict),
        .target(name: "Markup", dependencies: ["CLibXML2", "CXMLArena"], swiftSettings: strict),
        .target(name: "Config", dependencies: ["Model", "Subscribe", .product(name: "Yams", package: "Yams")],
                swiftSettings: strict),

        // The pipeline stages.
        .target(name: "Fetch", dependencies: ["CCurl", "Model"], swiftSettings: strict),
        .target(name: "Decode", dependencies: [], swiftSettings: strict),
        .target(name: "Extract", dependencies: ["Model", "Markup"], swiftSettings: strict),
        .target(name: "Sanitize", dependencies: ["Markup"], swiftSettings: strict),
        .target(name: "Adapters", dependencies: [
            "Model", "Config", "Decode", "Markup", "Extract", "Fetch",
            .product(name: "Yams", package: "Yams"), .product(name: "Ink", package: "Ink"),
        ], swiftSettings: strict),
        .target(name: "Dedup", dependencies: ["Model", "COpenCC"], swiftSettings: strict),
        // Filters, keep/block rules and keyword feeds: RE2 patterns matched in either Chinese script.
        .target(name: "Subscribe", dependencies: ["Model", "Markup", "CRE2", "COpenCC"], swiftSettings: strict),
        .target(name: "Store", dependencies: [
            "Model", "Dedup", .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        .target(name: "Publish", dependencies: ["Model", "Config", "Store", "Markup", "Subscribe", "CFileSync"],
                swiftSettings: strict),
        .target(name: "Refresh", dependencies: [
            "Model", "Config", "Markup", "Fetch", "Adapters", "Sanitize", "Dedup", "Store", "Publish", "Subscribe",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),

        // The service: feeds over HTTP, and the daemon that schedules refreshes and serves them.
        .target(name: "Server", dependencies: [
            "CZlib", "Markup", "Model", "Subscribe",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        // The pages read in a browser (front page, stories, articles, search), rendered for the server.
        .target(name: "Pages", dependencies: ["Model", "Markup", "Store", "Publish", "Server"], swiftSettings: strict),
        .target(name: "Daemon", dependencies: [
            "Model", "Config", "Fetch", "Store", "Refresh", "Server", "Publish", "Subscribe", "Pages",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),

        // The thin CLI on top, and the benchmarks.
        .executableTarget(name: "finews", dependencies: [
            "Model", "Config", "Store", "Publish", "Refresh", "Extract", "Sanitize", "Fetch", "Decode", "Daemon", "Server",
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        .executableTarget(name: "finews-bench", dependencies: [
            "Model", "Config", "Store", "Publish", "Refresh", "Extract", "Markup", "Dedup", "Fetch", "Decode",
            "Adapters", "Sanitize", "Pages",
        ], path: "Benchmarks/finews-bench", swiftSettings: strict),

        // What every outside-bytes entry point must survive: the fuzz harnesses (Fuzz/), replayed on
        // Tests/Fixtures/fuzz/ by FuzzRegressionTests and run under libFuzzer by scripts/fuzz.
        .target(name: "FuzzHarnesses", dependencies: [
            "Model", "Markup", "Config", "Fetch", "Decode", "Adapters", "Extract", "Sanitize", "Refresh",
        ], path: "Fuzz/Harnesses", swiftSettings: strict),

        // Tests beside the behaviour they pin; fixtures in Tests/Fixtures.
        .target(name: "TestSupport", dependencies: ["Model", "Fetch", "Store"], path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "ModelTests", dependencies: ["Model", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "ConfigTests", dependencies: ["Config", "Subscribe", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "FetchTests", dependencies: ["Fetch", "Decode", "Model", "TestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "DecodeTests", dependencies: ["Decode", "Model", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "MarkupTests", dependencies: ["Markup", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "SanitizeTests", dependencies: ["Sanitize", "Markup", "FuzzHarnesses", "TestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzHarnesses", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "ExtractTests", dependencies: [
            "Extract", "Sanitize", "Markup", "Model", "Decode", "TestSupport",
        ], swiftSettings: strict),
        .testTarget(name: "AdaptersTests", dependencies: ["Adapters", "Config", "Sanitize", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "SubscribeTests", dependencies: ["Subscribe", "Model", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "DedupTests", dependencies: ["Dedup", "Model", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Dedup", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strict),
        .testTarget(name: "PublishTests", dependencies: ["Publish", "Store", "Dedup", "Config", "Markup", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"], swiftSettings: strict),
        .testTarget(name: "RefreshTests", dependencies: [
            "Refresh", "Store", "Publish", "Config", "Dedup", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ], swiftSettings: strict),
        .testTarget(name: "ServerTests", dependencies: [
            "Server", "Daemon", "Config", "Model", "Store", "Refresh", "Subscribe", "TestSupport",
        ], swiftSettings: strict),
        .testTarget(name: "PagesTests", dependencies: ["Pages", "Store", "Dedup", "Publish", "Config", "Server", "TestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "DaemonTests", dependencies: [
            "Daemon", "Fetch", "Server", "Config", "Store", "Refresh", "Model", "TestSupport",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)

// The libFuzzer executables, one per harness: each has only `LLVMFuzzerTestOneInput` and no `main`, so they
// link only under `--sanitize fuzzer`. scripts/fuzz sets FINEWS_FUZZ=1; ordinary builds never see them.
let fuzzHarnesses = [
    "decode", "feed", "json-api", "html-links", "extract", "sanitize", "dates", "posts", "config", "import-lines",
    "headers",
]
if Context.environment["FINEWS_FUZZ"] == "1" {
    for name in fuzzHarnesses {
        let target = "Fuzz" + name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        package.products.append(.executable(name: "fuzz-\(name)", targets: [target]))
        package.targets.append(.executableTarget(name: target, dependencies: ["FuzzHarnesses"],
                                                 path: "Fuzz/Entries/\(name)", swiftSettings: strict))
    }
}
