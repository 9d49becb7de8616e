import Fluent
import Foundation

/// A single-use secret sent by mail: to verify an address, to reset a password, or to confirm
/// a new address. Only its digest is stored.
final class AccountToken: Model, @unchecked Sendable {
    static let schema = "account_tokens"

    /// What the link in the mail does, and how long it stays valid.
    enum Purpose: String, Codable, Sendable {
        case verifyEmail = "verify-email"
        case resetPassword = "reset-password"
        case changeEmail = "change-email"

        var lifetime: TimeInterval {
            switch self {
            case .verifyEmail, .changeEmail: 48 * 3600
            case .resetPassword: 3600
            }
        }
    }

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "purpose") var purpose: Purpose
    @Field(key: "token_hash") var tokenHash: String
    /// The address being confirmed, for `changeEmail`.
    @OptionalField(key: "new_email") var newEmail: String?
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    // relationships
    @Parent(key: "member_id") var member: Member

    init() {}

    init(memberID: UUID, purpose: Purpose, tokenHash: String, newEmail: String? = nil, now: Date) {
        self.$member.id = memberID
        self.purpose = purpose
        self.tokenHash = tokenHash
        self.newEmail = newEmail
        self.expiresAt = now.addingTimeInterval(purpose.lifetime)
    }
}
