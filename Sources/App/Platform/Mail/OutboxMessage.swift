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
    /// The mail's extra headers (`MailHeader`), as JSON; `nil` when it has none.
    @OptionalField(key: "extra_headers") var extraHeaders: String?

    init() {}

    init(_ mail: Mail, now: Date = Date()) {
        self.toAddress = mail.to.address
        self.toName = mail.to.name
        self.subject = mail.subject
        self.textBody = mail.text
        self.htmlBody = mail.html
        self.attempts = 0
        self.nextAttemptAt = now
        self.extraHeaders = mail.headers.isEmpty ? nil : String(decoding: (try? JSONEncoder().encode(mail.headers)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// The extra headers as stored; a value that no longer reads as headers is dropped rather
    /// than sent broken (every one was checked by `MailHeader` when the mail was written).
    var headers: [MailHeader] {
        guard let extraHeaders, let headers = try? JSONDecoder().decode([MailHeader].self, from: Data(extraHeaders.utf8)) else { return [] }
        return headers.filter(\.isValid)
    }
}

/// A mail to send, as features write it.
public struct Mail: Sendable, Equatable {
    public let to: MailAddress
    public let subject: String
    public let text: String
    public let html: String?
    /// Headers beyond the ones every mail has (`List-Unsubscribe` on notification mail); at
    /// most `MailHeader.maximumCount`, each checked by `MailHeader`. Account-security mail has none.
    public let headers: [MailHeader]

    public init(to: MailAddress, subject: String, text: String, html: String?, headers: [MailHeader] = []) {
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.headers = Array(headers.filter(\.isValid).prefix(MailHeader.maximumCount))
    }
}

/// One extra header of a mail. Names and values are bounded and can never break out of their
/// line (no CR, LF or other control character), and the headers the encoder writes itself
/// (`From`, `To`, `Subject`, `Date`, `Message-ID`, `MIME-Version`, `Content-*`) cannot be given.
public struct MailHeader: Sendable, Equatable, Codable {
    public static let maximumCount = 8
    static let maximumNameLength = 64
    static let maximumValueLength = 900
    static let reserved: Set<String> = ["from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version", "sender", "reply-to", "return-path"]

    public let name: String
    public let value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// A field name of printable ASCII without `:` (RFC 5322 3.6.8), not one the encoder owns,
    /// and a value of printable ASCII or tabs (non-ASCII would need encoded words, which these
    /// headers' URLs never need).
    public var isValid: Bool {
        let lowered = name.lowercased()
        return !name.isEmpty && name.utf8.count <= Self.maximumNameLength
            && name.unicodeScalars.allSatisfy { $0.value >= 33 && $0.value <= 126 && $0 != ":" }
            && !Self.reserved.contains(lowered) && !lowered.hasPrefix("content-")
            && !value.isEmpty && value.utf8.count <= Self.maximumValueLength
            && value.unicodeScalars.allSatisfy { ($0.value >= 0x20 && $0.value < 0x7F) || $0 == "\t" }
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

/// Mail carries extra headers (`List-Unsubscribe` on notification mail), kept with it in the outbox.
struct AddMailOutboxExtraHeaders: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OutboxMessage.schema).field("extra_headers", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OutboxMessage.schema).deleteField("extra_headers").update()
    }
}
