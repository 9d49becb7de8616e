import Fluent
import SQLKit

/// Members, with a unique index on the lower-cased email.
struct CreateMembers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Member.schema)
            .id()
            .field("email", .string, .required)
            .field("email_key", .string, .required)
            .field("password_hash", .string)
            .field("display_name", .string, .required)
            .field("locale", .string, .required)
            .field("role", .string, .required)
            .field("email_verified_at", .datetime)
            .field("suspended_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "email_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Member.schema).delete()
    }
}

/// Sessions, looked up by token digest on every request and listed per member.
struct CreateMemberSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MemberSession.schema)
            .id()
            .field("member_id", .uuid, .required, .references(Member.schema, "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("csrf_token", .string, .required)
            .field("last_seen_at", .datetime, .required)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "member_sessions_member_id").on(MemberSession.schema).column("member_id").run()
        try await sql.create(index: "member_sessions_last_seen_at").on(MemberSession.schema).column("last_seen_at").run()
        try await sql.create(index: "member_sessions_created_at").on(MemberSession.schema).column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MemberSession.schema).delete()
    }
}

/// Single-use mail links.
struct CreateAccountTokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AccountToken.schema)
            .id()
            .field("member_id", .uuid, .required, .references(Member.schema, "id", onDelete: .cascade))
            .field("purpose", .string, .required)
            .field("token_hash", .string, .required)
            .field("new_email", .string)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "account_tokens_member_id").on(AccountToken.schema).column("member_id").run()
        try await sql.create(index: "account_tokens_expires_at").on(AccountToken.schema).column("expires_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AccountToken.schema).delete()
    }
}

/// Personal access tokens.
struct CreateAPITokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(APIToken.schema)
            .id()
            .field("member_id", .uuid, .required, .references(Member.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("last_used_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await (database as! any SQLDatabase).create(index: "api_tokens_member_id").on(APIToken.schema).column("member_id").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(APIToken.schema).delete()
    }
}

/// The time of a member's last activity, filled from their registration for existing members,
/// with an index for the directory's "most recently active" order.
struct UpdateMembersAddLastActiveAt: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Member.schema).field("last_active_at", .datetime).update()
        let sql = database as! any SQLDatabase
        try await sql.raw("UPDATE members SET last_active_at = COALESCE(updated_at, created_at)").run()
        try await sql.create(index: "members_last_active_at").on(Member.schema).column("last_active_at").column("id").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "members_last_active_at").run()
        try await database.schema(Member.schema).deleteField("last_active_at").update()
    }
}

/// A member's time zone (an IANA id), `UTC` for everyone until they choose: digests go out at
/// the member's morning.
struct AddMemberTimeZone: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Member.schema).field("time_zone", .string, .required, .sql(.default(MemberTimeZone.default))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Member.schema).deleteField("time_zone").update()
    }
}
