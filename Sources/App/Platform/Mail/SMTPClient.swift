import Foundation
import Logging
import NIOCore
import NIOSSL

/// Delivers transactional mail to one configured SMTP relay, one connection per message.
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    /// Built once because loading the trust store is costly; kept as a Result so `init` stays non-throwing.
    private let tlsContext: Result<NIOSSLContext, SMTPError>

    public init(configuration: SMTPConfiguration, eventLoopGroup: any EventLoopGroup, logger: Logger) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        var logger = logger
        logger[metadataKey: "smtp-server"] = "\(configuration.host):\(configuration.port)"
        self.logger = logger
        var tls = TLSConfiguration.makeClientConfiguration()
        if configuration.tlsVerification == .none {
            tls.certificateVerification = .none
        }
        do {
            self.tlsContext = .success(try NIOSSLContext(configuration: tls))
        } catch {
            self.tlsContext = .failure(.tlsFailed(String(describing: error)))
        }
    }

    /// Sends one mail. Throws `SMTPError` (check `isTransient` to decide on a retry) or `CancellationError`.
    /// The connection is closed before this returns, whatever the outcome.
    public func send(_ mail: OutgoingMail) async throws {
        let encoded: EncodedMail
        do {
            encoded = try MailMessageEncoder.encode(mail)
        } catch let error as MailMessageError {
            throw SMTPError.invalidMessage(error.description)
        }
        guard (try? MailMessageEncoder.validatedDomain(self.configuration.heloName, field: "heloName")) != nil else {
            throw SMTPError.invalidConfiguration("heloName must be a plain domain name")
        }

        let implicitTLS = self.configuration.security == .implicitTLS ? try self.tlsContext.get() : nil
        let connection = try await SMTPConnection.connect(
            configuration: self.configuration,
            eventLoopGroup: self.eventLoopGroup,
            implicitTLS: implicitTLS,
            logger: self.logger
        )
        do {
            try await self.converse(over: connection, mail: mail, encoded: encoded, encrypted: implicitTLS != nil)
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
        self.logger.debug("SMTP message accepted", metadata: ["message-id": "\(encoded.messageID)"])
    }

    private func converse(over connection: SMTPConnection, mail: OutgoingMail, encoded: EncodedMail, encrypted: Bool) async throws {
        var encrypted = encrypted
        let greeting = try await connection.exchange(nil, step: "greeting")
        try Self.expect(greeting, [220], after: "connect")

        var capabilities = try await self.hello(over: connection)
        if self.configuration.security == .startTLSWhenOffered && capabilities.startTLS {
            let reply = try await connection.command("STARTTLS", step: "STARTTLS")
            try Self.expect(reply, [220], after: "STARTTLS")
            // Anything already buffered was sent in cleartext and could be forged (STARTTLS command injection).
            guard !reply.followedByData else {
                throw SMTPError.protocolViolation("server sent data right after agreeing to STARTTLS")
            }
            try await connection.startTLS(context: self.tlsContext.get(), host: self.configuration.host)
            encrypted = true
            // Capabilities seen before TLS are untrusted and must be discarded (RFC 3207).
            capabilities = try await self.hello(over: connection)
        }

        if let username = self.configuration.username {
            guard encrypted || Self.isLoopback(self.configuration.host) else {
                throw SMTPError.insecureAuthentication(host: self.configuration.host)
            }
            try await self.authenticate(
                over: connection,
                capabilities: capabilities,
                username: username,
                password: self.configuration.password ?? ""
            )
        }

        try Self.expect(try await connection.command("MAIL FROM:<\(mail.from)>", step: "MAIL FROM"), [250], after: "MAIL FROM")
        try Self.expect(try await connection.command("RCPT TO:<\(mail.to)>", step: "RCPT TO"), [250, 251], after: "RCPT TO")
        try Self.expect(try await connection.command("DATA", step: "DATA"), [354], after: "DATA")
        let body = Self.dotStuffed(encoded.bytes, allocator: connection.channel.allocator)
        try Self.expect(try await connection.exchange(body, step: "message data"), [250], after: "message data")

        // The mail is accepted at this point; a failing QUIT must not turn success into a retry and a duplicate.
        _ = try? await connection.command("QUIT", step: "QUIT")
    }

    private func hello(over connection: SMTPConnection) async throws -> SMTPCapabilities {
        let reply = try await connection.command("EHLO \(self.configuration.heloName)", step: "EHLO")
        if reply.code == 250 {
            return SMTPCapabilities(ehloReply: reply)
        }
        // Only a permanent refusal means "no ESMTP"; 4xx must surface as a transient error.
        guard (500..<600).contains(reply.code) else {
            try Self.expect(reply, [250], after: "EHLO")
            return SMTPCapabilities()
        }
        let heloReply = try await connection.command("HELO \(self.configuration.heloName)", step: "HELO")
        try Self.expect(heloReply, [250], after: "HELO")
        return SMTPCapabilities()
    }

    private func authenticate(
        over connection: SMTPConnection,
        capabilities: SMTPCapabilities,
        username: String,
        password: String
    ) async throws {
        func check(_ reply: SMTPReply, _ expected: Int) throws {
            // Server text is dropped: some servers echo the received (base64) credentials in error messages.
            guard reply.code == expected else {
                throw SMTPError.authenticationFailed(code: reply.code, enhancedStatus: reply.enhancedStatus)
            }
        }
        if capabilities.authMechanisms.contains("PLAIN") {
            let token = Data("\u{0}\(username)\u{0}\(password)".utf8).base64EncodedString()
            try check(try await connection.command("AUTH PLAIN \(token)", step: "AUTH PLAIN"), 235)
        } else if capabilities.authMechanisms.contains("LOGIN") {
            try check(try await connection.command("AUTH LOGIN", step: "AUTH LOGIN"), 334)
            let user = Data(username.utf8).base64EncodedString()
            try check(try await connection.command(user, step: "AUTH LOGIN username"), 334)
            let pass = Data(password.utf8).base64EncodedString()
            try check(try await connection.command(pass, step: "AUTH LOGIN password"), 235)
        } else {
            throw SMTPError.authenticationUnsupported
        }
    }

    private static func expect(_ reply: SMTPReply, _ codes: Set<Int>, after step: String) throws {
        guard codes.contains(reply.code) else {
            throw SMTPError.unexpectedReply(command: step, code: reply.code, message: reply.sanitizedText)
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        ["localhost", "127.0.0.1", "::1"].contains(host.lowercased())
    }

    /// Doubles dots at line starts and appends the `CRLF.CRLF` terminator, so content can never end DATA early.
    static func dotStuffed(_ message: [UInt8], allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: message.count + message.count / 50 + 5)
        var atLineStart = true
        for byte in message {
            if atLineStart && byte == UInt8(ascii: ".") {
                buffer.writeInteger(UInt8(ascii: "."))
            }
            buffer.writeInteger(byte)
            // Bare LF counts as a line start too: some servers treat it as one, which is what SMTP smuggling abuses.
            atLineStart = byte == UInt8(ascii: "\n")
        }
        if !message.isEmpty && !atLineStart {
            buffer.writeString("\r\n")
        }
        buffer.writeString(".\r\n")
        return buffer
    }
}

/// The EHLO keywords this client acts on.
struct SMTPCapabilities: Sendable, Equatable {
    var startTLS = false
    var authMechanisms: Set<String> = []

    init() {}

    init(ehloReply: SMTPReply) {
        // The first line is the server's greeting, not a capability.
        for line in ehloReply.lines.dropFirst() {
            let words = line.uppercased().split(whereSeparator: { $0 == " " || $0 == "=" }).map(String.init)
            guard let keyword = words.first else { continue }
            switch keyword {
            case "STARTTLS":
                self.startTLS = true
            case "AUTH":
                self.authMechanisms.formUnion(words.dropFirst())
            default:
                break
            }
        }
    }
}

extension SMTPReply {
    /// RFC 3463 status like `5.7.8`, the only part of an auth failure that is safe to surface.
    var enhancedStatus: String? {
        guard let first = self.lines.first?.split(separator: " ").first else { return nil }
        let parts = first.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) }) else {
            return nil
        }
        return String(first)
    }
}
