import Foundation
public import Hummingbird
import HummingbirdCore
public import Logging
import NIOCore
import Subscribe

/// The HTTP side of `finews serve`: a Hummingbird application (a swift-service-lifecycle `Service`) over
/// a `FeedBackend`.
public enum FeedServer {
    public struct Options: Sendable {
        public var host: String
        public var port: Int
        /// Connections with no complete request for this long are closed: a slow client (slowloris)
        /// holds one socket for a bounded time and never an event loop.
        public var idleTimeout: TimeAmount = .seconds(15)
        /// All request header fields together; beyond it the request is refused.
        public var maximumHeaderBytes = 16 * 1024
        public var backlog = 1024

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    /// `onRunning` receives the bound port (useful with port 0).
    public static func application(backend: any FeedBackend, options: Options, logger: Logger,
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let feeds = StaticFeeds(backend: backend)
        // The script table of filter patterns is built once (OpenCC over every CJK character, tens of
        // milliseconds); build it now rather than during the first filtered request.
        _ = ScriptVariants.shared
        let idleTimeout = options.idleTimeout
        // The idle timeout is kept by FastFeedHandler, which sees every request; Hummingbird's would not.
        let http = HTTP1Channel.Configuration(
            additionalChannelHandlers: [FastFeedHandler(feeds: feeds, idleTimeout: idleTimeout)],
            idleTimeout: nil,
            httpDecoderConfiguration: .init(maxHeaderFieldSize: options.maximumHeaderBytes,
                                            maxHeaderListSize: options.maximumHeaderBytes, maxHeaderFieldCount: 200))
        return Application(
            responder: FeedResponder(backend: backend, feeds: feeds),
            server: .http1(configuration: http),
            configuration: ApplicationConfiguration(address: .hostname(options.host, port: options.port),
                                                    serverName: "finews", backlog: options.backlog),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? options.port) },
            logger: logger)
    }
}
