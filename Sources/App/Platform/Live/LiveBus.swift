import Fluent
import Foundation
import NIOConcurrencyHelpers
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
        let recipients = Set(members)
        guard !recipients.isEmpty else { return }
        let createdAt = now()
        let hub = hub
        let usesNotify = usesNotify
        try await database.writeTransaction { db in
            // Every event of the transaction is written last, together: their locks are then
            // taken at once, in one order, after everything else the transaction holds, so two
            // publishing transactions cannot deadlock (as two publishes each locking would).
            let batch = db.beforeCommitBatch("live-events", make: LiveBatch.init) { batch, db in
                try await Self.write(batch.taken(), usesNotify: usesNotify, hub: hub, on: db)
            }
            batch.append(event, to: recipients, at: createdAt)
        }
    }

    /// Writes a transaction's events, one row per recipient in publishing order, and has their
    /// recipients woken once it commits.
    private static func write(_ events: [LiveBatch.Entry], usesNotify: Bool, hub: LiveHub, on db: any Database) async throws {
        guard !events.isEmpty else { return }
        let sql = db as! any SQLDatabase
        // One order for every publisher, so two locking the same members cannot deadlock.
        let recipients = Set(events.flatMap(\.recipients)).map { $0.uuidString.lowercased() }.sorted()
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
        for entry in events {
            for recipient in entry.recipients.sorted(by: { $0.uuidString < $1.uuidString }) {
                insert = insert.values(SQLBind(recipient), SQLBind(entry.event.kind), SQLBind(entry.event.payload), SQLBind(entry.createdAt))
            }
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

/// The events one transaction publishes, written together before it commits.
final class LiveBatch: Sendable {
    struct Entry: Sendable {
        let event: LiveEvent
        let recipients: Set<UUID>
        let createdAt: Date
    }

    private let entries = NIOLockedValueBox<[Entry]>([])

    func append(_ event: LiveEvent, to recipients: Set<UUID>, at createdAt: Date) {
        entries.withLockedValue { $0.append(Entry(event: event, recipients: recipients, createdAt: createdAt)) }
    }

    func taken() -> [Entry] {
        entries.withLockedValue { value in
            defer { value = [] }
            return value
        }
    }
}
