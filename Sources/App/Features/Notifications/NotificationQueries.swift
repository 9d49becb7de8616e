import Fluent
import Foundation
import SQLKit
import Vapor

/// Where a member's list continues: the id of the last line shown. Its position is read back
/// from the database, so the comparison is between stored values (never a rounded time).
struct NotificationCursor: ListCursor {
    let after: UUID

    var plainText: String { "n:" + after.uuidString.lowercased() }

    init(after: UUID) { self.after = after }

    init?(plainText: String) {
        guard plainText.hasPrefix("n:"), let id = UUID(uuidString: String(plainText.dropFirst(2))) else { return nil }
        after = id
    }
}

/// The queries on notifications and preferences, each taking the member it acts for: no line
/// is ever read or changed by id alone.
enum NotificationQueries {
    struct Page {
        let lines: [MemberNotification]
        let next: NotificationCursor?
    }

    /// A page of the member's lines, newest activity first.
    static func page(of member: UUID, after cursor: NotificationCursor?, limit: Int = NotificationLimits.pageSize, on database: any Database) async throws -> Page {
        var query = MemberNotification.query(on: database).filter(\.$recipientID == member)
        if let cursor {
            // Compared with the stored value itself: a time read into Swift and bound again may
            // come back rounded, and the page would repeat or skip a line.
            let position = SQLQueryString("(SELECT c.updated_at FROM notifications c WHERE c.id = \(bind: cursor.after) AND c.recipient_id = \(bind: member))")
            query = query.filter(.sql(SQLQueryString(
                "(notifications.updated_at < \(position) OR (notifications.updated_at = \(position) AND notifications.id < \(bind: cursor.after)))"
            )))
        }
        let lines = try await query.sort(\.$updatedAt, .descending).sort(\.$id, .descending).limit(limit + 1).all()
        let shown = Array(lines.prefix(limit))
        let next = lines.count > limit ? shown.last?.id.map(NotificationCursor.init(after:)) : nil
        return Page(lines: shown, next: next)
    }

    static func unreadCount(of member: UUID, on database: any Database) async throws -> Int {
        try await (database as! any SQLDatabase).raw(unreadCountSQL(of: member)).first()?.decode(column: "unread", as: Int.self) ?? 0
    }

    /// The same as one statement (the header badge reads it with the others'), on the
    /// (recipient_id, read_at) index.
    static func unreadCountSQL(of member: UUID) -> SQLQueryString {
        "SELECT COUNT(*) AS unread FROM \(ident: MemberNotification.schema) WHERE recipient_id = \(bind: member) AND read_at IS NULL"
    }

    /// The member's line, or nil (missing and someone else's are the same answer).
    static func line(_ id: UUID, of member: UUID, on database: any Database) async throws -> MemberNotification? {
        try await MemberNotification.query(on: database).filter(\.$id == id).filter(\.$recipientID == member).first()
    }

    /// Marks one of the member's lines read (and owes no mail for it); false when the member has no such line.
    static func markRead(_ id: UUID, of member: UUID, now: Date, on database: any Database) async throws -> Bool {
        guard try await line(id, of: member, on: database) != nil else { return false }
        try await MemberNotification.query(on: database).filter(\.$id == id).filter(\.$recipientID == member).filter(\.$readAt == nil)
            .set(\.$readAt, to: now).set(\.$mailPending, to: nil).update()
        return true
    }

    /// Marks the unread line of a group read; whether there was one.
    static func markRead(kind: String, groupKey: String, of member: UUID, now: Date, on database: any Database) async throws -> Bool {
        let sql = database as! any SQLDatabase
        let rows = try await sql.raw("""
            UPDATE notifications SET read_at = \(bind: now), mail_pending = NULL
            WHERE recipient_id = \(bind: member) AND kind = \(bind: kind) AND group_key = \(bind: groupKey) AND read_at IS NULL
            RETURNING id
            """).all()
        return !rows.isEmpty
    }

    static func markAllRead(of member: UUID, now: Date, on database: any Database) async throws {
        try await MemberNotification.query(on: database).filter(\.$recipientID == member).filter(\.$readAt == nil)
            .set(\.$readAt, to: now).set(\.$mailPending, to: nil).update()
    }

    /// The display names of these members (actors of lines), in one query.
    static func names(of members: Set<UUID>, on database: any Database) async throws -> [UUID: String] {
        guard !members.isEmpty else { return [:] }
        let found = try await Member.query(on: database).filter(\.$id ~~ Array(members)).all()
        return Dictionary(found.compactMap { member in member.id.map { ($0, member.displayName) } }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: - Preferences

    /// How the member wants mail of `kind`: their choice, else the kind's default.
    static func delivery(of kind: NotificationKind, for member: UUID, on database: any Database) async throws -> MailDelivery {
        let chosen = try await NotificationPreference.query(on: database).filter(\.$memberID == member).filter(\.$kind == kind.id).first()
        return chosen.flatMap { MailDelivery(rawValue: $0.delivery) } ?? kind.defaultDelivery
    }

    /// The member's delivery for every kind, in the kinds' order.
    static func deliveries(for member: UUID, kinds: [NotificationKind], on database: any Database) async throws -> [(kind: NotificationKind, delivery: MailDelivery)] {
        let chosen = try await NotificationPreference.query(on: database).filter(\.$memberID == member).all()
        let byKind = Dictionary(chosen.map { ($0.kind, $0.delivery) }, uniquingKeysWith: { first, _ in first })
        return kinds.map { kind in (kind, byKind[kind.id].flatMap(MailDelivery.init(rawValue:)) ?? kind.defaultDelivery) }
    }

    /// Checks choices given by kind id and delivery name; `FormErrors` names each wrong one by
    /// `field(kindID)`.
    static func validated(_ choices: [String: String], kinds: NotificationKinds, field: (String) -> String) throws -> [(NotificationKind, MailDelivery)] {
        var errors = FormErrors()
        var valid: [(NotificationKind, MailDelivery)] = []
        for (kindID, value) in choices.sorted(by: { $0.key < $1.key }) {
            guard let kind = kinds.kind(kindID) else {
                errors.add(field(kindID), "notifications.error.kind")
                continue
            }
            guard let delivery = MailDelivery(rawValue: value) else {
                errors.add(field(kindID), "notifications.error.delivery")
                continue
            }
            valid.append((kind, delivery))
        }
        guard errors.isEmpty else { throw errors }
        return valid
    }

    /// Saves the member's choices, and moves the mail still owed for those kinds to the new
    /// choice (none when off; a job for what is now owed at once).
    static func save(_ choices: [(NotificationKind, MailDelivery)], for member: UUID, now: Date, on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for (kind, delivery) in choices {
            try await sql.raw("""
                INSERT INTO notification_preferences (id, member_id, kind, delivery) VALUES (\(bind: UUID()), \(bind: member), \(bind: kind.id), \(bind: delivery.rawValue))
                ON CONFLICT (member_id, kind) DO UPDATE SET delivery = excluded.delivery
                """).run()
            let pending: String? = delivery == .off ? nil : delivery.rawValue
            let moved = try await sql.raw("""
                UPDATE notifications SET mail_pending = \(bind: pending)
                WHERE recipient_id = \(bind: member) AND kind = \(bind: kind.id) AND mail_pending IS NOT NULL AND mail_pending <> \(bind: delivery.rawValue)
                RETURNING id
                """).all()
            if delivery == .immediately, !moved.isEmpty {
                try await JobQueue.enqueue(MailUnreadNotifications(memberID: member), at: now, on: database)
            }
        }
    }
}
