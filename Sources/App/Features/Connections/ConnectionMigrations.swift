import Fluent
import SQLKit

/// Connection requests: one row per pair, with an index for each list (incoming and outgoing,
/// newest first).
struct CreateConnectionRequests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ConnectionRequest.schema)
            .id()
            .field("requester_id", .uuid, .required, .references(Member.schema, "id", onDelete: .cascade))
            .field("recipient_id", .uuid, .required, .references(Member.schema, "id", onDelete: .cascade))
            .field("pair_key", .string, .required)
            .field("note", .string, .required)
            .field("state", .string, .required)
            .field("created_at", .datetime, .required)
            .field("responded_at", .datetime)
            .field("connected_at", .datetime)
            .field("withdrawn_at", .datetime)
            .unique(on: "pair_key")
            .create()
        let sql = database as! any SQLDatabase
        // Received requests (and the header's count): recipient's pending ones, newest first.
        try await sql.create(index: "connection_requests_incoming").on(ConnectionRequest.schema)
            .column("recipient_id").column("state").column("created_at").column("id").run()
        // Sent requests (and the cap on open ones): the requester's, newest first.
        try await sql.create(index: "connection_requests_outgoing").on(ConnectionRequest.schema)
            .column("requester_id").column("state").column("created_at").column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ConnectionRequest.schema).delete()
    }
}

/// Accepted connections, one row per side.
struct CreateMemberConnections: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MemberConnection.schema)
            .id()
            .field("member_id", .uuid, .required, .references(Member.schema, "id", onDelete: .cascade))
            .field("other_id", .uuid, .required, .references(Member.schema, "id", onDelete: .cascade))
            .field("connected_at", .datetime, .required)
            .unique(on: "member_id", "other_id")
            .create()
        let sql = database as! any SQLDatabase
        // A member's connections, newest first (the list, pickers).
        try await sql.create(index: "member_connections_newest").on(MemberConnection.schema)
            .column("member_id").column("connected_at").column("other_id").run()
        // The other side's cascade on account deletion.
        try await sql.create(index: "member_connections_other").on(MemberConnection.schema).column("other_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MemberConnection.schema).delete()
    }
}

/// Blocks: unique per (blocker, blocked); looked up both ways.
struct CreateMemberBlocks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MemberBlock.schema)
            .id()
            .field("blocker_id", .uuid, .required, .references(Member.schema, "id", onDelete: .cascade))
            .field("blocked_id", .uuid, .required, .references(Member.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .unique(on: "blocker_id", "blocked_id")
            .create()
        let sql = database as! any SQLDatabase
        // The block list, newest first.
        try await sql.create(index: "member_blocks_list").on(MemberBlock.schema).column("blocker_id").column("created_at").column("blocked_id").run()
        // Who blocks me (the other half of "blocked either way").
        try await sql.create(index: "member_blocks_blocked").on(MemberBlock.schema).column("blocked_id").column("blocker_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MemberBlock.schema).delete()
    }
}
