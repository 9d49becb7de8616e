import Fluent
import Foundation

/// A sign-in method from a provider (Google, Facebook, LinkedIn, an OpenID Connect provider)
/// linked to a member: the provider's subject id under its issuer, never the email, decides who
/// signs in.
final class MemberIdentity: Model, @unchecked Sendable {
    static let schema = "member_identities"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // relationships
    @Parent(key: "member_id") var member: Member

    // data fields
    /// `SignInProvider.ID`'s raw value.
    @Field(key: "provider") var provider: String
    @Field(key: "issuer") var issuer: String
    @Field(key: "subject") var subject: String
    /// The address the provider gave when the link was made, to tell two links apart.
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?

    init() {}

    init(memberID: UUID, identity: ProviderIdentity) {
        self.$member.id = memberID
        self.provider = identity.provider.rawValue
        self.issuer = identity.issuer
        self.subject = identity.subject
        self.email = identity.email
        self.lastUsedAt = Date()
    }

    /// The link for this identity, whoever it belongs to (at most one: the index is unique).
    static func matching(_ identity: ProviderIdentity, on database: any Database) -> QueryBuilder<MemberIdentity> {
        query(on: database)
            .filter(\.$provider == identity.provider.rawValue)
            .filter(\.$issuer == identity.issuer)
            .filter(\.$subject == identity.subject)
    }
}
