import Fluent
import Foundation

/// A conversation between two members (one-to-one) or a small group with a title. Ordered in
/// lists by its last message; who takes part, and how, is `ConversationParticipant`.
final class Conversation: Model, @unchecked Sendable {
    static let schema = "conversations"

    // managed fields
    @ID(key: .id) var id: UUID?
    /// Microseconds since 1970 by the site's clock (`SiteClock`), as every time of this feature:
    /// exact to compare, and short in a cursor.
    @Field(key: "created_us") var createdMicros: Int64

    // data fields
    @Field(key: "kind") var kind: ConversationKind
    @OptionalField(key: "title") var title: String?
    /// The title as searched (`SearchText.folded`); empty without one.
    @Field(key: "search_title") var searchTitle: String
    /// For one-to-one conversations, both members' ids in order: one conversation per pair (unique).
    @OptionalField(key: "pair_key") var pairKey: String?
    @OptionalField(key: "creator_id") var creatorID: UUID?
    @Field(key: "last_message_us") var lastMessageMicros: Int64
    @OptionalField(key: "last_message_id") var lastMessageID: UUID?

    init() {}

    init(kind: ConversationKind, title: String?, pairKey: String?, creatorID: UUID, now: Int64) {
        self.id = UUID()
        self.kind = kind
        self.title = title
        self.searchTitle = title.map(SearchText.folded) ?? ""
        self.pairKey = pairKey
        self.creatorID = creatorID
        self.createdMicros = now
        self.lastMessageMicros = now
    }

    static func pairKey(_ a: UUID, _ b: UUID) -> String {
        [a.uuidString.lowercased(), b.uuidString.lowercased()].sorted().joined(separator: ":")
    }
}

enum ConversationKind: String, Codable, Sendable, CaseIterable {
    case direct, group
}

/// How a member takes part in a conversation. `requested`: the first message of a stranger waits
/// under "Message requests"; `declined` (declined or reported: the sender is never told which)
/// and `left` no longer see it.
enum ParticipantState: String, Codable, Sendable, CaseIterable {
    case active, requested, declined, left
}

/// One member in one conversation: their state, how far they have read, and (copied from the
/// conversation) the time of its last message, so a member's list and unread count are read from
/// one index of their own rows.
final class ConversationParticipant: Model, @unchecked Sendable {
    static let schema = "conversation_participants"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "joined_us") var joinedMicros: Int64

    // data fields
    @Field(key: "conversation_id") var conversationID: UUID
    @Field(key: "member_id") var memberID: UUID
    /// In one-to-one conversations, the other member (for block checks and names in lists).
    @OptionalField(key: "peer_id") var peerID: UUID?
    @Field(key: "state") var state: ParticipantState
    @Field(key: "last_message_us") var lastMessageMicros: Int64
    /// Read up to this time (inclusive) and this message.
    @Field(key: "last_read_us") var lastReadMicros: Int64
    @OptionalField(key: "last_read_message_id") var lastReadMessageID: UUID?
    /// Whether others are shown how far this member has read. A member who accepted a message
    /// request shows it only once they write: otherwise the sender could tell "accepted" from
    /// "declined" by a read mark.
    @Field(key: "shows_read") var showsRead: Bool

    init() {}

    init(conversationID: UUID, memberID: UUID, peerID: UUID?, state: ParticipantState, now: Int64, showsRead: Bool = true) {
        self.id = UUID()
        self.conversationID = conversationID
        self.memberID = memberID
        self.peerID = peerID
        self.state = state
        self.joinedMicros = now
        self.lastMessageMicros = now
        self.lastReadMicros = now
        self.showsRead = showsRead
    }
}

/// One message. A deleted message keeps its place and loses its text ("message deleted").
final class Message: Model, @unchecked Sendable {
    static let schema = "messages"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_us") var createdMicros: Int64
    @OptionalField(key: "edited_us") var editedMicros: Int64?
    @OptionalField(key: "deleted_us") var deletedMicros: Int64?

    // data fields
    @Field(key: "conversation_id") var conversationID: UUID
    @Field(key: "author_id") var authorID: UUID
    @Field(key: "body") var body: String
    /// The body as searched (`SearchText.folded`); empty once deleted.
    @Field(key: "search_text") var searchText: String

    init() {}

    init(conversationID: UUID, authorID: UUID, body: String, now: Int64) {
        self.id = UUID()
        self.conversationID = conversationID
        self.authorID = authorID
        self.createdMicros = now
        self.body = ""
        self.searchText = ""
        setBody(body)
    }

    /// Sets the text and what search reads of it, together.
    func setBody(_ text: String) {
        body = text
        searchText = SearchText.folded(text)
    }
}

/// A message request reported by its recipient, kept for moderation (which comes later).
final class MessageReport: Model, @unchecked Sendable {
    static let schema = "message_reports"

    @ID(key: .id) var id: UUID?
    @Field(key: "created_us") var createdMicros: Int64
    @Field(key: "conversation_id") var conversationID: UUID
    @Field(key: "reporter_id") var reporterID: UUID
    @OptionalField(key: "reported_id") var reportedID: UUID?

    init() {}

    init(conversationID: UUID, reporterID: UUID, reportedID: UUID?, now: Int64) {
        self.id = UUID()
        self.conversationID = conversationID
        self.reporterID = reporterID
        self.reportedID = reportedID
        self.createdMicros = now
    }
}

/// Times as this feature stores them.
enum Micros {
    static func from(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }
    static func date(_ micros: Int64) -> Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }
    static func iso(_ micros: Int64) -> String { date(micros).formatted(.iso8601) }
}

/// The feature's limits, used by the validation, the pages and the API document.
enum MessagingLimits {
    static let body = 5_000
    static let title = 100
    /// Participants of a group, its creator included.
    static let groupSize = 20
    static let editWindow: TimeInterval = 15 * 60
    static let newAccountAge: TimeInterval = 24 * 3600
    static let conversationsPerPage = 20
    static let messagesPerPage = 30
    /// Search looks through this many of the member's most recent conversations.
    static let searchedConversations = 200
    /// Connections offered in pickers (new group, add participants).
    static let pickerConnections = 100
}
