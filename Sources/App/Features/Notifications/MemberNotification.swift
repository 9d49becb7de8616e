import Fluent
import Foundation

/// One line of a member's notifications: what a feature announced, grouped while unread (a
/// second announcement of the same kind and group key bumps `count` instead of adding a line).
final class MemberNotification: Model, @unchecked Sendable {
    static let schema = "notifications"

    // managed fields
    @ID(key: .id) var id: UUID?
    /// Set from the site's clock (not `@Timestamp`), so tests that move time see it move.
    @Field(key: "created_at") var createdAt: Date
    /// The last announcement grouped into this line: the list is newest first by it.
    @Field(key: "updated_at") var updatedAt: Date

    // data fields
    @Field(key: "recipient_id") var recipientID: UUID
    /// `NotificationKind.id`: stored, never renamed.
    @Field(key: "kind") var kind: String
    @Field(key: "group_key") var groupKey: String
    /// The member who caused the last grouped announcement; nil once their account is gone.
    @OptionalField(key: "actor_id") var actorID: UUID?
    /// How many announcements this line groups ("3 new messages").
    @Field(key: "count") var count: Int
    /// A local path (`/conversations/…`), never an absolute URL.
    @Field(key: "link") var link: String
    /// The announcement's extra placeholders, as a JSON object of strings (bounded).
    @Field(key: "parameters") var parameters: String
    @OptionalField(key: "read_at") var readAt: Date?
    /// The mail still owed for this line (`immediately`, `daily`, `weekly`); nil when none is
    /// (mail off, already mailed, or read first).
    @OptionalField(key: "mail_pending") var mailPending: String?
    @OptionalField(key: "mailed_at") var mailedAt: Date?

    init() {}

    var parameterValues: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(parameters.utf8))) ?? [:]
    }
}

/// A member's choice of mail for one kind; absent means the kind's default.
final class NotificationPreference: Model, @unchecked Sendable {
    static let schema = "notification_preferences"

    @ID(key: .id) var id: UUID?
    @Field(key: "member_id") var memberID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "delivery") var delivery: String

    init() {}
}
