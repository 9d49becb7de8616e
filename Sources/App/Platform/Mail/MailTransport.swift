import Vapor

/// Hands one mail to the outside world. SMTP in production, the log in development, a
/// recorder in tests.
public protocol MailTransport: Sendable {
    func deliver(_ mail: Mail, from sender: MailAddress) async throws
}

/// Why a delivery failed, as far as retrying goes.
public protocol MailDeliveryError: Error {
    /// Worth retrying later (a 4xx reply, a timeout, a refused connection).
    var isTransient: Bool { get }
}

/// Development without a mail server: the whole mail goes to the log, links included.
public struct LogMailTransport: MailTransport {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func deliver(_ mail: Mail, from sender: MailAddress) async throws {
        logger.notice("mail (SMTP_URL is not set, so it is only logged)", metadata: [
            "to": "\(mail.to.address)",
            "subject": "\(mail.subject)",
            "text": "\(mail.text)",
        ])
    }
}

extension Application {
    private struct MailTransportKey: StorageKey { typealias Value = any MailTransport }

    /// Where the outbox worker sends mail; chosen from `SMTP_URL` at start, replaceable in tests.
    public var mailTransport: any MailTransport {
        get { storage[MailTransportKey.self] ?? LogMailTransport(logger: logger) }
        set { storage[MailTransportKey.self] = newValue }
    }
}
