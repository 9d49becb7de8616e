import Foundation

/// What Messaging announces to members through the platform's `Notifier`. The catalog keys of
/// each kind's in-app line are `textKey` + `.one`/`.other` (spelled out in `textKeys`); a kind's
/// label on the preferences page is the same key without the suffix.
enum MessagingNotices {
    /// A new message in a conversation (grouped by conversation; mailed once unread for
    /// `MESSAGE_MAIL_DELAY_SECONDS`, which `MessagingFeature` registers in place of this delay).
    enum NewMessage {
        static let kind = "messaging.message"
    }
    /// A message request from someone the member is not connected with (mailed in the daily digest).
    enum Request {
        static let kind = "messaging.request"
    }

    static let message = NotificationKind(
        id: NewMessage.kind, labelKey: "messaging.notice.message", textKey: "messaging.notice.message",
        defaultDelivery: .immediately, mailDelay: .seconds(15 * 60))
    static let request = NotificationKind(
        id: Request.kind, labelKey: "messaging.notice.request", textKey: "messaging.notice.request",
        defaultDelivery: .daily)

    /// The in-app lines' keys, so the catalog tests see them.
    static let textKeys = [
        "messaging.notice.message.one", "messaging.notice.message.other",
        "messaging.notice.request.one", "messaging.notice.request.other",
    ]
}

/// The events an open conversation page and the header's badge receive (`LivePublisher`).
enum MessagingLive {
    /// A message as pages show it: its text already split into runs of plain text and safe links
    /// (`LinkedText`), which the page's script inserts as text nodes and `href`s, never as markup.
    struct MessagePayload: Encodable, Sendable {
        /// Ids in lower case, as the page's element ids and data attributes write them.
        let conversationId: String
        let id: String
        let authorId: String
        let authorName: String
        /// ISO 8601.
        let createdAt: String
        let edited: Bool
        let deleted: Bool
        let paragraphs: [LinkedText.Paragraph]
        /// What happened: `new`, `edited` or `deleted`.
        let change: String
    }

    struct ReadPayload: Encodable, Sendable {
        let conversationId: String
        let memberId: String
        let lastReadMessageId: String?
        let readAt: String
    }

    struct BadgePayload: Encodable, Sendable {
        let name: String
        let count: Int
    }

    static let badgeName = "messages"

    static func message(_ message: Message, authorName: String, change: String) throws -> LiveEvent {
        try LiveEvent(kind: "message", encoding: MessagePayload(
            conversationId: message.conversationID.lowercasedString, id: message.id!.lowercasedString, authorId: message.authorID.lowercasedString, authorName: authorName,
            createdAt: Micros.iso(message.createdMicros), edited: message.editedMicros != nil, deleted: message.deletedMicros != nil,
            paragraphs: message.deletedMicros == nil ? LinkedText.paragraphs(message.body) : [], change: change))
    }
}

extension UUID {
    /// As pages write ids (element ids, data attributes, links).
    var lowercasedString: String { uuidString.lowercased() }
}
