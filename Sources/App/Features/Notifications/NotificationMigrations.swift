import Fluent
import SQLKit

/// Notifications, with an index for each question asked of them: a member's list newest first,
/// their unread count, the unread line of a group (unique, so concurrent announcements of one
/// group cannot make two lines), the mail still owed (by delivery, member and age), the actor
/// (set to null when their account goes) and old read lines (housekeeping).
struct CreateNotifications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MemberNotification.schema)
            .id()
            .field("recipient_id", .uuid, .required, .references(Member.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("group_key", .string, .required)
            .field("actor_id", .uuid, .references(Member.schema, "id", onDelete: .setNull))
            .field("count", .int, .required)
            .field("link", .string, .required)
            .field("parameters", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("read_at", .datetime)
            .field("mail_pending", .string)
            .field("mailed_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "notifications_recipient_updated").on(MemberNotification.schema)
            .column("recipient_id").column("updated_at").column("id").run()
        try await sql.create(index: "notifications_recipient_unread").on(MemberNotification.schema)
            .column("recipient_id").column("read_at").run()
        // Partial unique index: SQLite and PostgreSQL both have them, and `announce` names it in ON CONFLICT.
        try await sql.raw("""
            CREATE UNIQUE INDEX notifications_unread_group ON notifications (recipient_id, kind, group_key) WHERE read_at IS NULL
            """).run()
        try await sql.create(index: "notifications_mail_pending").on(MemberNotification.schema)
            .column("mail_pending").column("recipient_id").column("created_at").run()
        try await sql.create(index: "notifications_actor").on(MemberNotification.schema).column("actor_id").run()
        try await sql.create(index: "notifications_read_at").on(MemberNotification.schema).column("read_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MemberNotification.schema).delete()
    }
}

/// Each member's mail choice per kind, one row per (member, kind).
struct CreateNotificationPreferences: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(NotificationPreference.schema)
            .id()
            .field("member_id", .uuid, .required, .references(Member.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("delivery", .string, .required)
            .unique(on: "member_id", "kind")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NotificationPreference.schema).delete()
    }
}

/// One row per digest sent (member, period such as `d:2026-12-08`): unique, and written in the
/// same transaction as the digest's mail, so a period's digest is sent exactly once whatever
/// runs it twice.
struct CreateNotificationDigests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(NotificationDigests.schema)
            .id()
            .field("member_id", .uuid, .required, .references(Member.schema, "id", onDelete: .cascade))
            .field("period", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "member_id", "period")
            .create()
        try await (database as! any SQLDatabase).create(index: "notification_digests_created_at")
            .on(NotificationDigests.schema).column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NotificationDigests.schema).delete()
    }
}
