import Fluent
import Foundation
import SQLKit

/// A mail waiting to be sent, written in the same transaction as the action that caused it, so
/// nothing is lost if the mail server is down or the process stops: the worker sends it later.
final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "mail_outbox"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "to_address") var toAddress: String
    @OptionalField(key: "to_name") var toName: String?
    @Field(key: "subject") var subject: String
    @Field(key: "text_body") var textBody: String
    @OptionalField(key: "html_body") var htmlBody: String?
    @Field(key: "attempts") var attempts: Int
    /// When the worker may next try it.
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    /// Claimed by a worker until then; another instance skips it meanwhile.
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "sent_at") var sentAt: Date?
    /// Given up on (a permanent refusal, or too many attempts); kept for the operator.
    @OptionalField(key: "failed_at") var failedAt: Date?
    @OptionalField(key: "last_error") var lastError: String?

    init() {}

    init(_ mail: Mail, now: Date = Date()) {
        self.toAddress = mail.to.address
        self.toName = mail.to.name
        self.subject = mail.subject
        self.textBody = mail.text
        self.htmlBody = mail.html
        self.attempts = 0
        self.nextAttemptAt = now
    }
}

/// A mail to send, as features write it.
public struct Mail: Sendable, Equatable {
    public let to: MailAddress
    public let subject: String
    public let text: String
    public let html: String?

    public init(to: MailAddress, subject: String, text: String, html: String?) {
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
    }
}

/// The way features send mail: queue it on the database handle of their transaction; the queue's
/// next round sends it.
public enum Outbox {
    public static func enqueue(_ mail: Mail, on database: any Database, now: Date) async throws {
        try await OutboxMessage(mail, now: now).create(on: database)
        try await JobQueue.enqueueUnlessWaiting(DeliverDueMail(), at: now, on: database)
    }
}

/// The outbox table, indexed for the worker's "what is due" query.
struct CreateMailOutbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OutboxMessage.schema)
            .id()
            .field("to_address", .string, .required)
            .field("to_name", .string)
            .field("subject", .string, .required)
            .field("text_body", .string, .required)
            .field("html_body", .string)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("locked_until", .datetime)
            .field("sent_at", .datetime)
            .field("failed_at", .datetime)
            .field("last_error", .string)
            .field("created_at", .datetime)
            .create()
        try await (database as! any SQLDatabase).create(index: "mail_outbox_due")
            .on(OutboxMessage.schema).column("sent_at").column("failed_at").column("next_attempt_at").run()
        try await (database as! any SQLDatabase).create(index: "mail_outbox_failed_at")
            .on(OutboxMessage.schema).column("failed_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OutboxMessage.schema).delete()
    }
}
