import Model
import CCurl
import Foundation
import Synchronization

/// Runs transfers on one curl multi handle driven from one dedicated thread: libcurl's easy and multi
/// handles are not thread-safe, so they never leave that thread. Other threads only enqueue jobs and
/// call `curl_multi_wakeup`, which libcurl documents as safe to call from any thread.
final class CurlEngine: Sendable {
    private let inbox = Inbox()
    private let multi: MultiHandle

    init(maxConnectionsPerHost: Int, maxTotalConnections: Int) {
        _ = Self.globalInit
        let handle = MultiHandle(raw: finews_curl_multi_init())
        multi = handle
        _ = finews_multi_setopt_long(handle.raw, CURLMOPT_MAX_HOST_CONNECTIONS, maxConnectionsPerHost)
        _ = finews_multi_setopt_long(handle.raw, CURLMOPT_MAX_TOTAL_CONNECTIONS, maxTotalConnections)
        let inbox = inbox
        let thread = Thread { MultiLoop(multi: handle, inbox: inbox).run() }
        thread.name = "finews-curl"
        thread.start()
    }

    deinit {
        inbox.stop()
        _ = finews_curl_multi_wakeup(multi.raw)
    }

    /// One attempt; never throws, the outcome carries libcurl's result.
    func perform(url: String, headers: [String], body: [UInt8]? = nil, policy: FetchPolicy) async -> CurlOutcome {
        let cancellation = CancellationFlag()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let job = CurlJob(url: url, headers: headers, body: body, policy: policy, cancellation: cancellation,
                                  continuation: continuation)
                if inbox.submit(job) {
                    _ = finews_curl_multi_wakeup(multi.raw)
                } else {
                    continuation.resume(returning: .abandoned(job, message: "HTTP client shut down"))
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    /// libcurl is loaded when the first engine starts (`CCurl/include/finews_curl.h` says why), then
    /// needs one global init before any thread uses it (and that init is not thread-safe itself).
    /// Without the library no fetch can run: the binary used to refuse to start then, now the first
    /// fetch stops it with the reason.
    private static let globalInit: Void = {
        if let failure = finews_curl_load() {
            fatalError("\(String(cString: failure)) (HTTP fetching needs Debian's libcurl4)")
        }
        _ = finews_curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }()
}

/// A `CURLM *`. Only `curl_multi_wakeup` is called on it from other threads (thread-safe per libcurl's
/// documentation); everything else happens on the loop thread.
struct MultiHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer?
}

/// Jobs waiting for the curl thread.
final class Inbox: Sendable {
    private struct State {
        var jobs: [CurlJob] = []
        var stopped = false
    }

    private let state = Mutex(State())

    func submit(_ job: CurlJob) -> Bool {
        state.withLock { state in
            guard !state.stopped else { return false }
            state.jobs.append(job)
            return true
        }
    }

    func stop() { state.withLock { $0.stopped = true } }

    func take() -> (jobs: [CurlJob], stopped: Bool) {
        state.withLock { state in
            defer { state.jobs.removeAll() }
            return (state.jobs, state.stopped)
        }
    }
}

/// The loop on the curl thread.
private final class MultiLoop {
    let multi: MultiHandle
    let inbox: Inbox
    var transfers: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    init(multi: MultiHandle, inbox: Inbox) {
        self.multi = multi
        self.inbox = inbox
    }

    func run() {
        while true {
            let (jobs, stopped) = inbox.take()
            for job in jobs { start(job) }
            if stopped { break }
            var running: Int32 = 0
            _ = finews_curl_multi_perform(multi.raw, &running)
            collectFinished()
            _ = finews_curl_multi_poll(multi.raw, nil, 0, 1000, nil)
        }
        for (_, transfer) in transfers {
            _ = finews_curl_multi_remove_handle(multi.raw, transfer.easy)
            transfer.job.continuation.resume(returning: .abandoned(transfer.job, message: "HTTP client shut down"))
        }
        transfers.removeAll()
        for job in inbox.take().jobs {
            job.continuation.resume(returning: .abandoned(job, message: "HTTP client shut down"))
        }
        _ = finews_curl_multi_cleanup(multi.raw)
    }

    private func start(_ job: CurlJob) {
        guard let transfer = CurlTransfer(job) else {
            job.continuation.resume(returning: .abandoned(job, message: "curl_easy_init failed"))
            return
        }
        transfers[transfer.easy] = transfer
        _ = finews_curl_multi_add_handle(multi.raw, transfer.easy)
    }

    private func collectFinished() {
        var queued: Int32 = 0
        while let message = finews_curl_multi_info_read(multi.raw, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                  let transfer = transfers.removeValue(forKey: easy) else { continue }
            let code = message.pointee.data.result
            _ = finews_curl_multi_remove_handle(multi.raw, easy)
            transfer.job.continuation.resume(returning: transfer.outcome(code: code))
        }
    }
}
