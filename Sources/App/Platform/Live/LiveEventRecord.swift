import Fluent
import Foundation
import SQLKit

/// One event for one member, kept for a day so a page that reconnects catches up: the id orders
/// a member's events and is what the stream sends as `id:` and reads back as `Last-Event-ID`.
final class LiveEventRecord: Model, @unchecked Sendable {
    static let schema = "live_events"

    // managed fields
    /// Given by the database (SQLite `AUTOINCREMENT`, PostgreSQL identity): never reused, so a
    /// reconnecting page's last id cannot point at someone else's later event.
    @ID(custom: "id", generatedBy: .database) var id: Int64?
    @Field(key: "created_at") var createdAt: Date

    // data fields
    @Field(key: "member_id") var memberID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "payload") var payload: String

    init() {}
}

/// Per member, the newest event id that housekeeping removed: a page resuming from an older id
/// may have missed events and is told to reload. One row per member whose events were removed.
final class LiveHorizon: Model, @unchecked Sendable {
    static let schema = "live_horizons"

    @ID(custom: "member_id", generatedBy: .user) var id: UUID?
    @Field(key: "purged_through") var purgedThrough: Int64

    init() {}
}

struct CreateLiveEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LiveEventRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("member_id", .uuid, .required)
            .field("kind", .string, .required)
            .field("payload", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        // A stream reads a member's events after an id; housekeeping finds the old ones by date.
        try await sql.create(index: "live_events_member_id").on(LiveEventRecord.schema).column("member_id").column("id").run()
        try await sql.create(index: "live_events_created_at").on(LiveEventRecord.schema).column("created_at").run()
        try await database.schema(LiveHorizon.schema)
            .field("member_id", .uuid, .identifier(auto: false))
            .field("purged_through", .int64, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LiveHorizon.schema).delete()
        try await database.schema(LiveEventRecord.schema).delete()
    }
}

/// The event log's queries: what a stream reads, and housekeeping's removal of old events.
enum LiveEventLog {
    /// How long events are kept for pages that reconnect.
    static let retention: TimeInterval = 24 * 3600
    /// Events read per query by a stream; it reads again at once when the batch was full.
    static let batchSize = 100

    struct Row: Decodable, Sendable, Equatable {
        let id: Int64
        let kind: String
        let payload: String
    }

    /// The member's events after `id`, oldest first.
    static func events(of member: UUID, after id: Int64, limit: Int = batchSize, on database: any Database) async throws -> [Row] {
        try await (database as! any SQLDatabase).raw("""
            SELECT id, kind, payload FROM live_events WHERE member_id = \(bind: member) AND id > \(bind: id) ORDER BY id LIMIT \(literal: limit)
            """).all(decoding: Row.self)
    }

    /// Where a stream that sends nothing old starts: the member's newest event, 0 when none.
    /// Only the member's own: a publisher to this member still writing holds a larger id than
    /// every committed one of theirs (publishing to a member is serialized), where another
    /// member's committed id could be larger than it.
    static func newestID(of member: UUID, on database: any Database) async throws -> Int64 {
        struct Newest: Decodable { let newest: Int64? }
        return try await (database as! any SQLDatabase).raw("""
            SELECT max(id) AS newest FROM live_events WHERE member_id = \(bind: member)
            """).first(decoding: Newest.self)?.newest ?? 0
    }

    /// Whether resuming after `id` could miss events housekeeping removed.
    static func isTooOld(_ id: Int64, of member: UUID, on database: any Database) async throws -> Bool {
        guard let horizon = try await LiveHorizon.find(member, on: database) else { return false }
        return id < horizon.purgedThrough
    }

    /// Removes the events older than the retention window, remembering per member the newest
    /// id removed. Removes a prefix of ids, so what remains of a member's events is whole after
    /// its horizon.
    static func removeOld(on database: any Database, now: Date) async throws {
        struct Newest: Decodable { let newest: Int64? }
        try await database.writeTransaction { db in
            let sql = db as! any SQLDatabase
            let cutoff = now.addingTimeInterval(-retention)
            guard let through = try await sql.raw("""
                SELECT max(id) AS newest FROM live_events WHERE created_at < \(bind: cutoff)
                """).first(decoding: Newest.self)?.newest else { return }
            try await sql.raw("""
                INSERT INTO live_horizons (member_id, purged_through)
                SELECT member_id, max(id) FROM live_events WHERE id <= \(bind: through) GROUP BY member_id
                ON CONFLICT (member_id) DO UPDATE SET purged_through = excluded.purged_through
                """).run()
            try await sql.raw("DELETE FROM live_events WHERE id <= \(bind: through)").run()
        }
    }
}
