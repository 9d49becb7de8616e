import Fluent
import Foundation

/// A signed-in browser. Stored in the database so every instance knows it; the cookie holds a
/// random token and the row only its digest.
final class MemberSession: Model, @unchecked Sendable {
    static let schema = "member_sessions"

    // managed fields
    @ID(key: .id) var id: UUID?
    /// When the browser signed in, by the site's clock (as every session rule reads it): the
    /// absolute lifetime counts from here.
    @OptionalField(key: "created_at") var createdAt: Date?

    // data fields
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "last_seen_at") var lastSeenAt: Date

    // relationships
    @Parent(key: "member_id") var member: Member

    init() {}

    init(memberID: UUID, tokenHash: String, csrfToken: String, lastSeenAt: Date) {
        self.$member.id = memberID
        self.tokenHash = tokenHash
        self.csrfToken = csrfToken
        self.lastSeenAt = lastSeenAt
        self.createdAt = lastSeenAt
    }

    /// Past its idle or absolute lifetime at `now`: it no longer signs anyone in.
    func hasExpired(at now: Date) -> Bool {
        lastSeenAt < now.addingTimeInterval(-SessionCookie.idleLifetime)
            || (createdAt ?? now) < now.addingTimeInterval(-SessionCookie.absoluteLifetime)
    }
}
