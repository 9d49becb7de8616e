import Fluent
import SQLKit

/// Conversations: one per pair for one-to-one ones (`pair_key` unique; groups have none).
struct CreateConversations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Conversation.schema)
            .id()
            .field("kind", .string, .required)
            .field("title", .string)
            .field("pair_key", .string)
            .field("creator_id", .uuid, .references(Member.schema, "id", onDelete: .setNull))
            .field("created_us", .int64, .required)
            .field("last_message_us", .int64, .required)
            .field("last_message_id", .uuid)
            .unique(on: "pair_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Conversation.schema).delete()
    }
}

/// Who takes part in what. A member's list, requests and unread count all read the index
/// (member_id, state, last_message_us): their own rows, newest first.
struct CreateConversationParticipants: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ConversationParticipant.schema)
            .id()
            .field("conversation_id", .uuid, .required, .references(Conversation.schema, "id", onDelete: .cascade))
            .field("member_id", .uuid, .required, .references(Member.schema, "id", onDelete: .cascade))
            .field("peer_id", .uuid, .references(Member.schema, "id", onDelete: .setNull))
            .field("state", .string, .required)
            .field("joined_us", .int64, .required)
            .field("last_message_us", .int64, .required)
            .field("last_read_us", .int64, .required)
            .field("last_read_message_id", .uuid)
            .field("shows_read", .bool, .required)
            .unique(on: "conversation_id", "member_id")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "conversation_participants_member_state_last")
            .on(ConversationParticipant.schema).column("member_id").column("state").column("last_message_us").column("conversation_id").run()
        try await sql.create(index: "conversation_participants_peer_id").on(ConversationParticipant.schema).column("peer_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ConversationParticipant.schema).delete()
    }
}

/// Messages, read a page at a time newest first through (conversation_id, created_us, id).
struct CreateMessages: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Message.schema)
            .id()
            .field("conversation_id", .uuid, .required, .references(Conversation.schema, "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references(Member.schema, "id", onDelete: .cascade))
            .field("body", .string, .required)
            .field("created_us", .int64, .required)
            .field("edited_us", .int64)
            .field("deleted_us", .int64)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "messages_conversation_created").on(Message.schema).column("conversation_id").column("created_us").column("id").run()
        try await sql.create(index: "messages_author_id").on(Message.schema).column("author_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Message.schema).delete()
    }
}

/// Reported message requests, for moderation to read.
struct CreateMessageReports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MessageReport.schema)
            .id()
            .field("conversation_id", .uuid, .required, .references(Conversation.schema, "id", onDelete: .cascade))
            .field("reporter_id", .uuid, .required, .references(Member.schema, "id", onDelete: .cascade))
            .field("reported_id", .uuid, .references(Member.schema, "id", onDelete: .setNull))
            .field("created_us", .int64, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "message_reports_conversation_id").on(MessageReport.schema).column("conversation_id").run()
        try await sql.create(index: "message_reports_reporter_id").on(MessageReport.schema).column("reporter_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MessageReport.schema).delete()
    }
}
