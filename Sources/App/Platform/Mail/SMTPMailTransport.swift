import NIOCore
import Vapor

/// Sends mail through the SMTP server named by `SMTP_URL`, one connection per mail (the outbox
/// sends few, and a fresh connection never inherits a broken state).
struct SMTPMailTransport: MailTransport {
    let client: SMTPClient

    init(configuration: SMTPConfiguration, eventLoopGroup: any EventLoopGroup, logger: Logger) {
        self.client = SMTPClient(configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
    }

    func deliver(_ mail: Mail, from sender: MailAddress) async throws {
        try await client.send(OutgoingMail(
            from: sender.address, fromName: sender.name,
            to: mail.to.address, toName: mail.to.name,
            subject: mail.subject, textBody: mail.text, htmlBody: mail.html, extraHeaders: mail.headers
        ))
    }
}

extension SMTPError: MailDeliveryError {}

/// A mail that cannot be written (an address that would break a header) will never succeed.
extension MailMessageError: MailDeliveryError {
    public var isTransient: Bool { false }
}
