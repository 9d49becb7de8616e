import Fluent
import Foundation
import SQLKit
import Vapor

/// The live bus: records each event for each recipient in the event log, inside the caller's
/// transaction, and wakes the recipients' streams once it commits — on SQLite through this
/// instance's hub after the commit (SQLite is one instance by design), on PostgreSQL through
/// `NOTIFY`, which PostgreSQL delivers at commit to every instance listening, this one included.
struct LiveBus: LivePublisher {
    /// The PostgreSQL channel every instance listens on; a notification's payload is a member id.
    static let channel = "od_live"
    /// Bound on an event's payload: events are small signals ("a message in conversation X"),
    /// not documents; a page fetches the rest.
    static let maximumPayloadBytes = 8 * 1024
    /// What an event's kind may be: it is written on an `event:` line and read by scripts.
    static let kindCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789.-_")

    /// A publisher sent what the bus refuses: a programming error, not user input.
    struct InvalidEvent: Error, CustomStringConvertible {
        let description: String
    }

    let hub: LiveHub
    let usesNotify: Bool
    let now: @Sendable () -> Date

    func publish(_ event: LiveEvent, to members: [UUID], on database: any Database) async throws {
        guard (1...64).contains(event.kind.count), event.kind.allSatisfy(Self.kindCharacters.contains) else {
            throw InvalidEvent(description: "a live event's kind is 1 to 64 of a-z, 0-9, '.', '-', '_' (got \(event.kind.prefix(80).debugDescription))")
        }
        guard event.payload.utf8.count <= Self.maximumPayloadBytes else {
            throw InvalidEvent(description: "a live event's payload is at most \(Self.maximumPayloadBytes) bytes (got \(event.payload.utf8.count) for \(event.kind))")
        }
        // One order for every publisher, so two locking the same members cannot deadlock.
        let recipients = Set(members).map { $0.uuidString.lowercased() }.sorted()
        guard !recipients.isEmpty else { return }
        let createdAt = now()
        let hub = hub
        let usesNotify = usesNotify
        try await database.writeTransaction { db in
            let sql = db as! any SQLDatabase
            let list = recipients.joined(separator: ",")
            if usesNotify {
                // Publishing to a member waits for any other transaction publishing to them: ids
                // are then taken in commit order per member, so a stream that has read id N never
                // sees a smaller id of its member commit later. Held until commit.
                try await sql.raw("""
                    SELECT count(pg_advisory_xact_lock(k)) AS locked FROM (
                        SELECT DISTINCT hashtextextended('od_live:' || m, 0) AS k FROM unnest(string_to_array(\(bind: list), ',')) AS m ORDER BY k
                    ) AS keys
                    """).run()
            }
            var insert = sql.insert(into: LiveEventRecord.schema).columns("member_id", "kind", "payload", "created_at")
            for recipient in recipients {
                insert = insert.values(SQLBind(UUID(uuidString: recipient)!), SQLBind(event.kind), SQLBind(event.payload), SQLBind(createdAt))
            }
            try await insert.run()
            if usesNotify {
                try await sql.raw("""
                    SELECT count(pg_notify(\(bind: Self.channel), m)) AS sent FROM unnest(string_to_array(\(bind: list), ',')) AS m
                    """).run()
            } else {
                let woken = recipients.map { UUID(uuidString: $0)! }
                await db.afterCommit { await hub.wake(woken) }
            }
        }
    }
}
