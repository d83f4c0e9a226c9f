/// What went wrong fetching one URL. Every case names the URL; `isSourceFault` tells the refresh
/// whether to record it in the source's health and go on.
public enum FetchError: Error, Equatable, Sendable {
    case invalidURL(String)
    case httpStatus(url: String, status: Int)
    case timedOut(url: String)
    case transport(url: String, message: String)
    case bodyTooLarge(url: String, limit: Int)
}
