import Fluent
import SQLKit

/// Linked sign-in methods: one row per provider subject, looked up by it on every provider
/// sign-in and listed per member on `/account`.
struct CreateMemberIdentities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MemberIdentity.schema)
            .id()
            .field("member_id", .uuid, .required, .references(Member.schema, "id", onDelete: .cascade))
            .field("provider", .string, .required)
            .field("issuer", .string, .required)
            .field("subject", .string, .required)
            .field("email", .string)
            .field("last_used_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "provider", "issuer", "subject")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "member_identities_member_id").on(MemberIdentity.schema).column("member_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MemberIdentity.schema).delete()
    }
}
