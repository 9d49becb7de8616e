import Fluent
import Foundation

/// A personal access token for the JSON API, named by its owner, shown once, stored as a digest.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"
    /// Marks our tokens so secret scanners and people can recognise a leaked one.
    static let prefix = "odp_"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?

    // relationships
    @Parent(key: "member_id") var member: Member

    init() {}

    init(memberID: UUID, name: String, tokenHash: String) {
        self.$member.id = memberID
        self.name = name
        self.tokenHash = tokenHash
    }
}
