import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// An open SMTP channel plus its lock-step handler, made usable from async code.
struct SMTPConnection: Sendable {
    let channel: any Channel
    private let handler: NIOLoopBound<SMTPClientHandler>
    private let logger: Logger

    private init(channel: any Channel, handler: NIOLoopBound<SMTPClientHandler>, logger: Logger) {
        self.channel = channel
        self.handler = handler
        self.logger = logger
    }

    /// Connects within the configured timeout; with `implicitTLS` set, TLS wraps the connection before the greeting.
    static func connect(
        configuration: SMTPConfiguration,
        eventLoopGroup: any EventLoopGroup,
        implicitTLS: NIOSSLContext?,
        logger: Logger
    ) async throws -> SMTPConnection {
        let timeout = configuration.timeout
        let serverHostname = sniHostname(for: configuration.host)
        let bootstrap = ClientBootstrap(group: eventLoopGroup).connectTimeout(timeout)
        do {
            return try await bootstrap.connect(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let implicitTLS {
                        try pipeline.addHandler(NIOSSLClientHandler(context: implicitTLS, serverHostname: serverHostname))
                    }
                    let handler = SMTPClientHandler(timeout: timeout, eventLoop: channel.eventLoop)
                    try pipeline.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try pipeline.addHandler(handler)
                    return SMTPConnection(
                        channel: channel,
                        handler: NIOLoopBound(handler, eventLoop: channel.eventLoop),
                        logger: logger
                    )
                }
            }
        } catch {
            throw SMTPClientHandler.classify(error, step: "connect")
        }
    }

    /// Sends one command line (CRLF appended) and waits for its reply; `step` is what gets logged, never the line.
    func command(_ line: String, step: String) async throws -> SMTPReply {
        var buffer = self.channel.allocator.buffer(capacity: line.utf8.count + 2)
        buffer.writeString(line)
        buffer.writeString("\r\n")
        return try await self.exchange(buffer, step: step)
    }

    /// Waits for the next reply, first writing `data` verbatim when given.
    func exchange(_ data: ByteBuffer?, step: String) async throws -> SMTPReply {
        self.logger.debug("SMTP > \(step)")
        let handler = self.handler
        let future = self.channel.eventLoop.flatSubmit {
            handler.value.exchange(data, step: step)
        }
        let channel = self.channel
        do {
            let reply = try await withTaskCancellationHandler {
                try await future.get()
            } onCancel: {
                channel.close(promise: nil)
            }
            self.logger.debug("SMTP < \(reply.code)")
            return reply
        } catch {
            if Task.isCancelled {
                throw CancellationError()
            }
            throw SMTPClientHandler.classify(error, step: step)
        }
    }

    /// Wraps the existing connection in TLS after a successful STARTTLS reply.
    func startTLS(context: NIOSSLContext, host: String) async throws {
        let channel = self.channel
        let serverHostname = Self.sniHostname(for: host)
        do {
            try await channel.eventLoop.submit {
                // First in the pipeline so that every byte from now on goes through TLS.
                let tlsHandler = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
                try channel.pipeline.syncOperations.addHandler(tlsHandler, position: .first)
            }.get()
        } catch {
            throw SMTPClientHandler.classify(error, step: "STARTTLS")
        }
    }

    /// Closes and waits until the channel is really gone, so no file descriptor outlives `send`.
    func close() async {
        self.channel.close(promise: nil)
        try? await self.channel.closeFuture.get()
    }

    /// SNI must be a DNS name; for IP literals NIOSSL validates the certificate against the peer address instead.
    private static func sniHostname(for host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }
}
