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

/// What search reads of titles and messages: folded copies (`SearchText.folded`), so "elodie"
/// finds "Élodie" on SQLite too, whose `LOWER` folds ASCII letters only. Existing rows are filled
/// in here, 500 to a statement.
struct AddMessagingSearchText: AsyncMigration {
    static let rowsPerStatement = 500

    func prepare(on database: any Database) async throws {
        try await database.schema(Conversation.schema).field("search_title", .string, .required, .sql(.default(""))).update()
        try await database.schema(Message.schema).field("search_text", .string, .required, .sql(.default(""))).update()
        try await Self.fillAll(on: database as! any SQLDatabase)
    }

    /// Folds every title and message written before.
    static func fillAll(on sql: any SQLDatabase, rowsPerStatement: Int = rowsPerStatement) async throws {
        try await fill(Conversation.schema, column: "search_title", from: "COALESCE(title, '')", rowsPerStatement: rowsPerStatement, on: sql)
        try await fill(Message.schema, column: "search_text", from: "body", rowsPerStatement: rowsPerStatement, on: sql)
    }

    /// Sets `column` to the folded `source` of every row, a batch at a time in id order.
    private static func fill(_ table: String, column: String, from source: String, rowsPerStatement: Int, on sql: any SQLDatabase) async throws {
        var after: UUID?
        while true {
            var query: SQLQueryString = "SELECT id, \(unsafeRaw: source) AS text FROM \(ident: table)"
            if let after { query = query + " WHERE id > \(bind: after)" }
            query = query + " ORDER BY id LIMIT \(literal: rowsPerStatement)"
            let rows = try await sql.raw(query).all()
            guard !rows.isEmpty else { return }
            var cases: SQLQueryString = "CASE id"
            var ids: [UUID] = []
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                cases = cases + " WHEN \(bind: id) THEN \(bind: SearchText.folded(try row.decode(column: "text", as: String.self)))"
                ids.append(id)
            }
            cases = cases + " END"
            try await sql.raw("UPDATE \(ident: table) SET \(ident: column) = \(cases) WHERE id IN (\(binds: ids))").run()
            after = ids.last
            if rows.count < rowsPerStatement { return }
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Message.schema).deleteField("search_text").update()
        try await database.schema(Conversation.schema).deleteField("search_title").update()
    }
}
