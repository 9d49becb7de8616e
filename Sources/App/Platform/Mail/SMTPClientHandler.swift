import NIOCore
import NIOSSL

/// Keeps the strict command/reply lock-step of SMTP on the event loop and bounds every wait with a timeout.
final class SMTPClientHandler: ChannelInboundHandler {
    typealias InboundIn = SMTPReply
    typealias OutboundOut = ByteBuffer

    private let timeout: TimeAmount
    private let eventLoop: any EventLoop
    private var context: ChannelHandlerContext?
    /// Starts true because the server speaks first (the 220 greeting).
    private var expectingReply = true
    /// A reply that arrived before anyone asked for it (only possible for the greeting).
    private var bufferedReply: SMTPReply?
    private var waiter: (promise: EventLoopPromise<SMTPReply>, timer: Scheduled<Void>)?
    private var currentStep = "greeting"
    /// First failure wins: a timeout or TLS error is more useful to the caller than the close it triggers.
    private var failure: SMTPError?

    init(timeout: TimeAmount, eventLoop: any EventLoop) {
        self.timeout = timeout
        self.eventLoop = eventLoop
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Writes `command` (when given) and completes with the next reply, or fails after the timeout.
    func exchange(_ command: ByteBuffer?, step: String) -> EventLoopFuture<SMTPReply> {
        self.eventLoop.preconditionInEventLoop()
        precondition(self.waiter == nil, "SMTP commands must not overlap")
        self.currentStep = step
        if let failure = self.failure {
            return self.eventLoop.makeFailedFuture(failure)
        }
        guard let context = self.context else {
            return self.eventLoop.makeFailedFuture(SMTPError.connectionClosed(during: step))
        }
        if let command {
            if self.bufferedReply != nil {
                self.fail(.protocolViolation("server sent a reply nobody asked for"))
                return self.eventLoop.makeFailedFuture(self.failure!)
            }
            self.expectingReply = true
            context.writeAndFlush(Self.wrapOutboundOut(command), promise: nil)
        }
        if let reply = self.bufferedReply {
            self.bufferedReply = nil
            return self.eventLoop.makeSucceededFuture(reply)
        }
        let promise = self.eventLoop.makePromise(of: SMTPReply.self)
        let timer = self.eventLoop.assumeIsolated().scheduleTask(in: self.timeout) {
            self.fail(.timeout(during: step))
        }
        self.waiter = (promise, timer)
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = Self.unwrapInboundIn(data)
        // SMTP without PIPELINING is strictly lock-step; extra replies mean a broken or hostile server.
        guard self.expectingReply else {
            self.fail(.protocolViolation("server sent a reply nobody asked for"))
            return
        }
        self.expectingReply = false
        if let waiter = self.waiter {
            self.waiter = nil
            waiter.timer.cancel()
            waiter.promise.succeed(reply)
        } else {
            self.bufferedReply = reply
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.fail(Self.classify(error, step: self.currentStep))
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.fail(.connectionClosed(during: self.currentStep))
        context.fireChannelInactive()
    }

    private func fail(_ error: SMTPError) {
        if self.failure == nil {
            self.failure = error
        }
        if let waiter = self.waiter {
            self.waiter = nil
            waiter.timer.cancel()
            waiter.promise.fail(self.failure!)
        }
        self.context?.close(promise: nil)
    }

    static func classify(_ error: any Error, step: String) -> SMTPError {
        switch error {
        case let error as SMTPError:
            return error
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            return .tlsFailed(String(describing: error))
        case ChannelError.connectTimeout:
            return .timeout(during: step)
        default:
            return .connectionFailed(String(describing: error))
        }
    }
}
