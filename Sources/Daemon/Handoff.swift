public import Foundation
public import Store

/// The control socket: `finews refresh` hands its job to a running daemon so that there is one writer
/// and the user still sees the same summary. One JSON line each way.
public enum Handoff {
    public static func socketFile(stateDirectory: URL) -> URL {
        stateDirectory.appendingPathComponent("finews.sock")
    }

    public struct Request: Codable, Sendable, Equatable {
        /// nil: every enabled source.
        public var sources: [String]?

        public init(sources: [String]?) {
            self.sources = sources
        }
    }

    public struct Response: Codable, Sendable {
        public enum Status: String, Codable, Sendable {
            case ok
            /// The request named a source the daemon's configuration does not have.
            case usage
            case failed
        }

        public var status: Status
        public var outcomes: [SourceOutcome]
        public var publishedFiles: [String]
        public var output: String
        public var message: String?
        /// The daemon's configuration file, so the client can tell when it is not the same one.
        public var config: String

        public init(status: Status, outcomes: [SourceOutcome] = [], publishedFiles: [String] = [], output: String,
                    message: String? = nil, config: String) {
            self.status = status
            self.outcomes = outcomes
            self.publishedFiles = publishedFiles
            self.output = output
            self.message = message
            self.config = config
        }
    }

    /// Requests are small; a longer line is not a finews client.
    static let maximumRequestBytes = 64 * 1024
}
