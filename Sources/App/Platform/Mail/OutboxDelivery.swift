import Fluent
import SQLKit
import Vapor

/// Sends what is due in the outbox. Safe with several instances: each mail is claimed by an
/// atomic conditional update before sending, so only one instance sends it; a claim expires,
/// so a mail held by an instance that died is picked up again.
public struct OutboxDelivery: Sendable {
    /// After this many failed attempts a mail is given up on (with the doubling delay: about a day).
    public static let maximumAttempts = 12
    static let claimDuration: TimeInterval = 5 * 60
    static let batchSize = 20

    let database: any Database
    let transport: any MailTransport
    let sender: MailAddress
    let retryDelay: TimeInterval
    let logger: Logger

    public init(database: any Database, transport: any MailTransport, sender: MailAddress, retryDelay: TimeInterval, logger: Logger) {
        self.database = database
        self.transport = transport
        self.sender = sender
        self.retryDelay = retryDelay
        self.logger = logger
    }

    public init(application: Application) {
        let configuration = application.appConfiguration
        self.init(
            database: application.db,
            transport: application.mailTransport,
            sender: MailAddress(parsing: configuration.mailFrom) ?? MailAddress(name: nil, address: "no-reply@localhost"),
            retryDelay: TimeInterval(configuration.mailRetrySeconds),
            logger: application.logger
        )
    }

    /// Sends one batch of due mail; returns how many were sent.
    @discardableResult
    public func deliverDue(now: Date = Date()) async throws -> Int {
        let candidates = try await OutboxMessage.query(on: database)
            .filter(\.$sentAt == nil)
            .filter(\.$failedAt == nil)
            .filter(\.$nextAttemptAt <= now)
            .group(.or) { $0.filter(\.$lockedUntil == nil).filter(\.$lockedUntil < now) }
            .sort(\.$nextAttemptAt)
            .limit(Self.batchSize)
            .all(\.$id)
        var sent = 0
        for id in candidates {
            guard let message = try await claim(id, now: now) else { continue }
            if try await send(message, now: now) { sent += 1 }
        }
        return sent
    }

    /// Takes the mail for this instance, or `nil` if another instance got there first.
    private func claim(_ id: UUID, now: Date) async throws -> OutboxMessage? {
        let sql = database as! any SQLDatabase
        let claimed = try await sql.raw("""
            UPDATE mail_outbox SET locked_until = \(bind: now.addingTimeInterval(Self.claimDuration)), attempts = attempts + 1
            WHERE id = \(bind: id) AND sent_at IS NULL AND failed_at IS NULL
            AND (locked_until IS NULL OR locked_until < \(bind: now))
            RETURNING id
            """).first()
        guard claimed != nil else { return nil }
        return try await OutboxMessage.find(id, on: database)
    }

    private func send(_ message: OutboxMessage, now: Date) async throws -> Bool {
        let mail = Mail(to: MailAddress(name: message.toName, address: message.toAddress), subject: message.subject, text: message.textBody, html: message.htmlBody, headers: message.headers)
        do {
            try await transport.deliver(mail, from: sender)
            message.sentAt = now
            message.lockedUntil = nil
            message.lastError = nil
            // The bodies hold single-use links; once sent, a copy of the database must not reveal them.
            message.textBody = ""
            message.htmlBody = nil
            message.extraHeaders = nil
            try await message.save(on: database)
            return true
        } catch {
            let transient = (error as? any MailDeliveryError)?.isTransient ?? true
            message.lastError = String(describing: error).prefix(500).description
            message.lockedUntil = nil
            if !transient || message.attempts >= Self.maximumAttempts {
                message.failedAt = now
                logger.error("mail given up", metadata: ["outbox_id": "\(message.id?.uuidString ?? "")", "attempts": "\(message.attempts)", "error": "\(message.lastError ?? "")"])
            } else {
                message.nextAttemptAt = now.addingTimeInterval(Self.delay(afterAttempt: message.attempts, base: retryDelay))
                logger.warning("mail not sent, will retry", metadata: ["outbox_id": "\(message.id?.uuidString ?? "")", "attempts": "\(message.attempts)", "error": "\(message.lastError ?? "")"])
            }
            try await message.save(on: database)
            return false
        }
    }

    /// When the next mail will be due to send (a claimed mail counts from when its claim
    /// expires), or `nil` when none is waiting.
    public func nextDue(now: Date) async throws -> Date? {
        let waiting = OutboxMessage.query(on: database).filter(\.$sentAt == nil).filter(\.$failedAt == nil)
        let unclaimed = try await waiting.copy()
            .group(.or) { $0.filter(\.$lockedUntil == nil).filter(\.$lockedUntil < now) }
            .min(\.$nextAttemptAt)
        let claimed = try await waiting.copy().filter(\.$lockedUntil >= now).min(\.$lockedUntil)
        return [unclaimed, claimed.flatMap { $0 }].compactMap { $0 }.min()
    }

    /// Deletes sent mail after a week and failed mail after a month (kept that long for the operator).
    public static func removeOld(on database: any Database, now: Date = Date()) async throws {
        try await OutboxMessage.query(on: database).filter(\.$sentAt < now.addingTimeInterval(-7 * 24 * 3600)).delete()
        try await OutboxMessage.query(on: database).filter(\.$failedAt < now.addingTimeInterval(-30 * 24 * 3600)).delete()
    }

    /// Doubling delay, capped at six hours.
    static func delay(afterAttempt attempt: Int, base: TimeInterval) -> TimeInterval {
        min(base * pow(2, Double(max(0, attempt - 1))), 6 * 3600)
    }
}
