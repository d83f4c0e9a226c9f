import Model
import Foundation
import Synchronization

/// One attempt handed to the curl thread, and what came back.
struct CurlJob: Sendable {
    var url: String
    var headers: [String]
    /// A POST body; nil: GET.
    var body: [UInt8]?
    var policy: FetchPolicy
    var cancellation: CancellationFlag
    var continuation: CheckedContinuation<CurlOutcome, Never>
}

struct CurlOutcome: Sendable {
    /// The raw `CURLcode`; 0 is CURLE_OK.
    var code: UInt32
    var message: String
    var status: Int
    var headers: HTTPHeaders
    var body: Data
    var finalURL: String
    var bodyLimitExceeded: Bool
    var refusedAddress: String?
    var cancelled: Bool

    static func abandoned(_ job: CurlJob, message: String) -> CurlOutcome {
        CurlOutcome(code: UInt32.max, message: message, status: 0, headers: HTTPHeaders(), body: Data(),
                    finalURL: job.url, bodyLimitExceeded: false, refusedAddress: nil, cancelled: true)
    }
}

/// Set from the task that awaits a transfer when it is cancelled; read by the progress callback.
final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    func cancel() { flag.store(true, ordering: .relaxed) }
    var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
