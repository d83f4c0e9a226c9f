import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers GET and HEAD of cached feeds right on the event loop, before the request would be handed to
/// a Swift task: the common request of a feed reader costs no thread hop. Anything else (the index,
/// `/healthz`, `/metrics`, errors, large files) goes on to the Hummingbird responder unchanged.
///
/// It also keeps the connection's idle timeout (Hummingbird's own never sees the requests answered
/// here): a connection with nothing in flight and no complete request part for `idleTimeout` is closed,
/// which bounds what a slow client (slowloris) can hold.
final class FastFeedHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let feeds: StaticFeeds
    private let idleTimeout: TimeAmount?
    /// Requests handed on whose response has not been written completely; while any is, later requests
    /// are handed on too, so answers keep the order of requests.
    private var handedOn = 0
    /// The rest (body, end) of a request answered here is dropped.
    private var skippingRequest = false
    private var lastActivity = NIODeadline.now()
    private var idleCheck: RepeatedTask?

    init(feeds: StaticFeeds, idleTimeout: TimeAmount?) {
        self.feeds = feeds
        self.idleTimeout = idleTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { scheduleIdleCheck(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        scheduleIdleCheck(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleCheck?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        lastActivity = .now()
        switch part {
        case .head(let head):
            if handedOn == 0, let answer = fastAnswer(head) {
                skippingRequest = true
                context.write(wrapOutboundOut(.head(answer.head)), promise: nil)
                if let body = answer.body { context.write(wrapOutboundOut(.body(body)), promise: nil) }
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                return
            }
            skippingRequest = false
            handedOn += 1
            context.fireChannelRead(data)
        case .body, .end:
            if !skippingRequest { context.fireChannelRead(data) }
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            handedOn = max(0, handedOn - 1)
            lastActivity = .now()
        }
        context.write(data, promise: promise)
    }

    private func fastAnswer(_ head: HTTPRequest) -> (head: HTTPResponse, body: ByteBuffer?)? {
        guard head.method == .get || head.method == .head, let path = head.path,
              // A connection header asks for connection handling; leave that to Hummingbird.
              head.headerFields[.connection] == nil else { return nil }
        if path.contains("?") {
            // A filtered feed already rendered for this publish; the first request goes the long way.
            guard let file = feeds.filtered.fresh(path, generation: feeds.backend.publishGeneration()) else { return nil }
            return StaticFeeds.answer(file, method: head.method, headers: head.headerFields)
        }
        guard path.hasSuffix(".xml") || path.hasSuffix(".json") || path.hasSuffix(".atom")
                || path.hasSuffix(".jsonl"),
              case .file(let file) = feeds.resolve(path) else { return nil }
        return StaticFeeds.answer(file, method: head.method, headers: head.headerFields)
    }

    private func scheduleIdleCheck(_ context: ChannelHandlerContext) {
        guard let idleTimeout, idleCheck == nil else { return }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        idleCheck = context.eventLoop.scheduleRepeatedTask(initialDelay: idleTimeout, delay: .nanoseconds(idleTimeout.nanoseconds / 4)) { task in
            let (handler, context) = loopBound.value
            guard handler.handedOn == 0, NIODeadline.now() - handler.lastActivity >= idleTimeout else { return }
            task.cancel()
            context.close(promise: nil)
        }
    }
}
