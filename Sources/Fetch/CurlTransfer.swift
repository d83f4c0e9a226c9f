import CCurl
import Foundation
import Glibc

/// One easy handle and the state its callbacks fill. Lives on the curl thread only.
final class CurlTransfer {
    let easy: UnsafeMutableRawPointer
    let job: CurlJob
    var body = Data()
    var headers = HTTPHeaders()
    var bodyLimitExceeded = false
    var refusedAddress: String?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var connectToList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    init?(_ job: CurlJob) {
        guard let easy = finews_curl_easy_init() else { return nil }
        self.easy = easy
        self.job = job
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        configure()
    }

    deinit {
        finews_curl_easy_cleanup(easy)
        finews_curl_slist_free_all(headerList)
        finews_curl_slist_free_all(connectToList)
        errorBuffer.deallocate()
    }

    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ context: UnsafeMutableRawPointer?) -> CurlTransfer {
        Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
    }

    func outcome(code: CURLcode) -> CurlOutcome {
        var status = 0
        var finalURL: UnsafeMutablePointer<CChar>?
        var responseCode: Int = 0
        _ = finews_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &responseCode)
        status = responseCode
        _ = finews_easy_getinfo_string(easy, CURLINFO_EFFECTIVE_URL, &finalURL)
        let detail = String(cString: errorBuffer)
        let message = detail.isEmpty ? String(cString: finews_curl_easy_strerror(code)) : detail
        return CurlOutcome(code: code.rawValue, message: message, status: status, headers: headers, body: body,
                           finalURL: finalURL.map { String(cString: $0) } ?? job.url,
                           bodyLimitExceeded: bodyLimitExceeded, refusedAddress: refusedAddress,
                           cancelled: job.cancellation.isCancelled)
    }

    private func configure() {
        let policy = job.policy
        setString(CURLOPT_URL, job.url)
        setLong(CURLOPT_NOSIGNAL, 1) // many threads; signals would go to an arbitrary one
        setString(CURLOPT_PROTOCOLS_STR, "http,https")
        setString(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        setLong(CURLOPT_FOLLOWLOCATION, 1)
        setLong(CURLOPT_MAXREDIRS, policy.maxRedirects)
        setString(CURLOPT_ACCEPT_ENCODING, "") // every encoding this libcurl decodes: gzip, deflate, br, zstd
        setString(CURLOPT_USERAGENT, policy.userAgent)
        setLong(CURLOPT_CONNECTTIMEOUT_MS, Int(policy.connectTimeout * 1000))
        setLong(CURLOPT_TIMEOUT_MS, Int(policy.totalTimeout * 1000))
        setLong(CURLOPT_LOW_SPEED_LIMIT, policy.lowSpeedLimit)
        setLong(CURLOPT_LOW_SPEED_TIME, max(1, Int(policy.lowSpeedTime.rounded(.up))))
        // Content-Length counts encoded bytes; when even that is over the limit, stop before reading.
        _ = finews_easy_setopt_offset(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(policy.maxBodyBytes))
        setLong(CURLOPT_SSL_VERIFYPEER, 1)
        setLong(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = policy.caFile { setString(CURLOPT_CAINFO, caFile) }
        if let proxy = policy.proxy { setString(CURLOPT_PROXY, proxy) }
        _ = finews_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer)
        for header in job.headers { headerList = finews_curl_slist_append(headerList, header) }
        if let headerList { _ = finews_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList) }
        for entry in policy.connectTo { connectToList = finews_curl_slist_append(connectToList, entry) }
        if let connectToList { _ = finews_easy_setopt_slist(easy, CURLOPT_CONNECT_TO, connectToList) }
        if let body = job.body {
            // The size first: COPYPOSTFIELDS copies that many bytes (a body may hold NUL bytes).
            _ = finews_easy_setopt_offset(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            if body.isEmpty {
                setString(CURLOPT_COPYPOSTFIELDS, "")
            } else {
                body.withUnsafeBufferPointer { bytes in
                    _ = finews_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                }
            }
        }
        installCallbacks(refusePrivate: policy.refusePrivateAddresses)
    }

    private func installCallbacks(refusePrivate: Bool) {
        _ = finews_easy_setopt_pointer(easy, CURLOPT_PRIVATE, context)
        _ = finews_easy_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION) { buffer, size, count, context in
            CurlTransfer.from(context).receiveBody(buffer, size * count)
        }
        _ = finews_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context)
        _ = finews_easy_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION) { buffer, size, count, context in
            CurlTransfer.from(context).receiveHeader(buffer, size * count)
        }
        _ = finews_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context)
        setLong(CURLOPT_NOPROGRESS, 0)
        _ = finews_easy_setopt_xferinfo(easy) { context, _, _, _, _ in
            CurlTransfer.from(context).job.cancellation.isCancelled ? 1 : 0
        }
        _ = finews_easy_setopt_pointer(easy, CURLOPT_XFERINFODATA, context)
        if refusePrivate {
            _ = finews_easy_setopt_opensocket(easy) { context, _, address in
                CurlTransfer.from(context).openSocket(address)
            }
            _ = finews_easy_setopt_pointer(easy, CURLOPT_OPENSOCKETDATA, context)
        }
    }

    /// Returning fewer bytes than given makes libcurl abort with CURLE_WRITE_ERROR. The count is on
    /// decoded bytes: Debian's libcurl 7.88 does not cap what a Content-Encoding inflates to.
    private func receiveBody(_ buffer: UnsafeMutablePointer<CChar>?, _ length: Int) -> Int {
        guard body.count + length <= job.policy.maxBodyBytes else {
            bodyLimitExceeded = true
            return 0
        }
        if let buffer, length > 0 { body.append(UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: length) }
        return length
    }

    /// Header lines of every response arrive here; a status line starts a new response (a redirect's
    /// or a 100 Continue's headers must not mix with the final ones).
    private func receiveHeader(_ buffer: UnsafeMutablePointer<CChar>?, _ length: Int) -> Int {
        guard let buffer else { return length }
        let raw = UnsafeRawBufferPointer(start: buffer, count: length)
        headers.receive(line: String(decoding: raw, as: UTF8.self))
        return length
    }

    private func openSocket(_ address: UnsafeMutablePointer<curl_sockaddr>?) -> curl_socket_t {
        guard let address else { return finews_socket_bad() }
        if let text = SocketAddress.nonPublicAddress(address) {
            refusedAddress = text
            return finews_socket_bad()
        }
        let description = address.pointee
        return socket(description.family, description.socktype, description.protocol)
    }

    private func setLong(_ option: CURLoption, _ value: Int) { _ = finews_easy_setopt_long(easy, option, value) }
    private func setString(_ option: CURLoption, _ value: String) { _ = finews_easy_setopt_string(easy, option, value) }
}
