import Fluent
import Foundation

/// A request from one member to another to connect, and what became of it. One row per pair of
/// members whichever way it was asked (`pairKey` is unique), so two crossing requests cannot both
/// exist: asking someone who already asked you accepts theirs.
final class ConnectionRequest: Model, @unchecked Sendable {
    static let schema = "connection_requests"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Field(key: "requester_id") var requesterID: UUID
    @Field(key: "recipient_id") var recipientID: UUID
    /// The two ids in a fixed order, unique: one request per pair, whichever way.
    @Field(key: "pair_key") var pairKey: String
    @Field(key: "note") var note: String
    @Field(key: "state") var state: ConnectionRequestState
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "responded_at") var respondedAt: Date?
    @OptionalField(key: "connected_at") var connectedAt: Date?
    /// A declined request the sender withdrew: gone from their list, still declined (they were
    /// never told, and asking again does not reach the recipient).
    @OptionalField(key: "withdrawn_at") var withdrawnAt: Date?

    init() {}

    init(requester: UUID, recipient: UUID, note: String, at date: Date) {
        self.requesterID = requester
        self.recipientID = recipient
        self.pairKey = Self.pairKey(requester, recipient)
        self.note = note
        self.state = .pending
        self.createdAt = date
    }

    static func pairKey(_ one: UUID, _ other: UUID) -> String {
        let ids = [one.uuidString.lowercased(), other.uuidString.lowercased()].sorted()
        return ids[0] + ":" + ids[1]
    }
}

/// Where a request stands. The sender sees `declined` as `pending` for ever.
enum ConnectionRequestState: String, Codable, Sendable, CaseIterable {
    case pending, accepted, declined
}

/// An accepted connection, seen from one side: two rows per connection (one per member), so
/// "is X connected to Y", "which of these are my connections" and "my connections, newest first"
/// are each one indexed look-up.
final class MemberConnection: Model, @unchecked Sendable {
    static let schema = "member_connections"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Field(key: "member_id") var memberID: UUID
    @Field(key: "other_id") var otherID: UUID
    @Field(key: "connected_at") var connectedAt: Date

    init() {}

    init(member: UUID, other: UUID, at date: Date) {
        self.memberID = member
        self.otherID = other
        self.connectedAt = date
    }
}

/// One member blocking another: silent, and it hides each from the other everywhere.
final class MemberBlock: Model, @unchecked Sendable {
    static let schema = "member_blocks"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Field(key: "blocker_id") var blockerID: UUID
    @Field(key: "blocked_id") var blockedID: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(blocker: UUID, blocked: UUID, at date: Date) {
        self.blockerID = blocker
        self.blockedID = blocked
        self.createdAt = date
    }
}
