public import Foundation
import Logging
import NIOCore
import NIOPosix
public import ServiceLifecycle

/// The daemon side of the control socket, bound before READY=1 so that a `finews refresh` started right
/// after `systemctl start` already finds it.
public final class HandoffServer: Service, Sendable {
    public typealias Handler = @Sendable (Handoff.Request) async -> Handoff.Response

    private let channel: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
    private let handler: Handler
    private let logger: Logger
    public let path: URL

    public enum BindError: Error, CustomStringConvertible {
        case alreadyServing(path: String)
        case cannotBind(path: String, reason: String)

        public var description: String {
            switch self {
            case .alreadyServing(let path): "\(path): another finews serve is running on this state folder"
            case let .cannotBind(path, reason): "\(path): cannot listen for refresh requests: \(reason)"
            }
        }
    }

    /// A socket file nobody answers on is left over from a crash and is replaced; one that answers
    /// belongs to a live daemon, and a second daemon on the same archive must not start.
    public static func bind(path: URL, logger: Logger, handler: @escaping Handler) async throws -> HandoffServer {
        try? FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: path.path) {
            let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            defer { close(probe) }
            if HandoffClient.connect(probe, to: path.path) { throw BindError.alreadyServing(path: path.path) }
        }
        do {
            let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .bind(unixDomainSocketPath: path.path, cleanupExistingSocketFile: true) { child in
                    child.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child)
                    }
                }
            chmod(path.path, 0o660)
            return HandoffServer(channel: channel, handler: handler, logger: logger, path: path)
        } catch {
            throw BindError.cannotBind(path: path.path, reason: "\(error)")
        }
    }

    private init(channel: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>, handler: @escaping Handler,
                 logger: Logger, path: URL) {
        self.channel = channel
        self.handler = handler
        self.logger = logger
        self.path = path
    }

    public func run() async throws {
        let serverChannel = channel.channel
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await channel.executeThenClose { inbound in
                    for try await connection in inbound {
                        group.addTask { await self.serve(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            serverChannel.close(promise: nil)
        }
        unlink(path.path)
    }

    private func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var line = ByteBuffer()
                for try await chunk in inbound {
                    var chunk = chunk
                    line.writeBuffer(&chunk)
                    if line.readableBytesView.contains(UInt8(ascii: "\n")) { break }
                    if line.readableBytes > Handoff.maximumRequestBytes { return }
                }
                guard let request = try? JSONDecoder().decode(Handoff.Request.self, from: Data(line.readableBytesView)) else {
                    return
                }
                let response = await handler(request)
                var data = (try? JSONEncoder().encode(response)) ?? Data()
                data.append(UInt8(ascii: "\n"))
                try await outbound.write(ByteBuffer(bytes: data))
            }
        } catch {
            logger.warning("refresh request connection failed", metadata: ["error": "\(error)"])
        }
    }
}
