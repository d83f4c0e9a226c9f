import Model
import CCurl
import Foundation

/// What one attempt's outcome means: a final result, or an error worth another attempt.
enum AttemptVerdict {
    case done(Result<FetchResponse, FetchError>)
    case retry(FetchError, retryAfter: Date?)

    /// Transport failures that a second attempt can cure: refused or reset connections, empty replies.
    private static let transientCodes: Set<UInt32> = [
        CURLE_COULDNT_CONNECT.rawValue, CURLE_PARTIAL_FILE.rawValue, CURLE_GOT_NOTHING.rawValue,
        CURLE_SEND_ERROR.rawValue, CURLE_RECV_ERROR.rawValue, CURLE_HTTP2.rawValue, CURLE_HTTP2_STREAM.rawValue,
    ]

    init(_ outcome: CurlOutcome, request: FetchRequest, policy: FetchPolicy, attempt: Int, now: Date) {
        let url = request.url
        guard outcome.code == CURLE_OK.rawValue else {
            self = Self.failure(outcome, url: url, policy: policy)
            return
        }
        switch outcome.status {
        case 200..<300, 304:
            self = .done(.success(FetchResponse(url: url, finalURL: outcome.finalURL, status: outcome.status,
                                                headers: outcome.headers,
                                                body: outcome.status == 304 ? Data() : outcome.body,
                                                attempts: attempt)))
        case 429, 503:
            let retryAfter = outcome.headers["retry-after"].flatMap { RetryAfter.date(from: $0, now: now) }
            self = .retry(.throttled(url: url, status: outcome.status, retryAfter: retryAfter), retryAfter: retryAfter)
        case 501, 505:
            self = .done(.failure(.httpStatus(url: url, status: outcome.status)))
        case 500..<600:
            self = .retry(.httpStatus(url: url, status: outcome.status), retryAfter: nil)
        default:
            self = .done(.failure(.httpStatus(url: url, status: outcome.status)))
        }
    }

    private static func failure(_ outcome: CurlOutcome, url: String, policy: FetchPolicy) -> AttemptVerdict {
        let code = outcome.code
        if outcome.cancelled { return .done(.failure(.cancelled(url: url))) }
        if outcome.bodyLimitExceeded || code == CURLE_FILESIZE_EXCEEDED.rawValue {
            return .done(.failure(.bodyTooLarge(url: url, limit: policy.maxBodyBytes)))
        }
        if let address = outcome.refusedAddress { return .done(.failure(.refusedAddress(url: url, address: address))) }
        if code == CURLE_OPERATION_TIMEDOUT.rawValue { return .retry(.timedOut(url: url), retryAfter: nil) }
        if code == CURLE_TOO_MANY_REDIRECTS.rawValue { return .done(.failure(.tooManyRedirects(url: url, limit: policy.maxRedirects))) }
        let error = FetchError.transport(url: url, message: outcome.message)
        return transientCodes.contains(code) ? .retry(error, retryAfter: nil) : .done(.failure(error))
    }
}
