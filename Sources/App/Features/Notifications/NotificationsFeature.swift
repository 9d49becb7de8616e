import Fluent
import SQLKit
import Vapor

/// Notifications: what features announce to a member, listed in-app with an unread badge, and
/// mailed as each member chooses per kind (off, a while after if still unread, a daily or weekly
/// digest at their morning), with one-click unsubscribe. It is the application's `Notifier`.
struct NotificationsFeature: Feature {
    /// The header badge's name, which live `badge` events address.
    static let badgeName = "notifications"

    func prepare(_ app: Application) throws {
        app.notifier = StoredNotifier(application: app)
        app.headerBadgeSources.append(HeaderBadgeSource(name: Self.badgeName, labelKey: "notifications.badge", path: NotificationsURL.list.path,
                                                        countSQL: { NotificationQueries.unreadCountSQL(of: $0) }))
        app.accountLinks.append(AccountLink(labelKey: "notifications.preferences.link", descriptionKey: "notifications.preferences.linkDescription", path: NotificationsURL.preferences.path))
    }

    func migrations(_ app: Application) -> [any Migration] { [
        CreateNotifications(),
        CreateNotificationPreferences(),
        CreateNotificationDigests(),
    ] }

    func routes(_ app: Application) throws -> [any RouteCollection] {
        [NotificationsController(), NotificationsAPI()]
    }

    func apiDocument(_ app: Application) -> [APIDocumentPart] { [NotificationsAPIDocument.part] }

    var jobs: [any QueueableJob.Type] { [MailUnreadNotifications.self, SendNotificationDigests.self] }

    /// The digest job looks every `DIGEST_CHECK_SECONDS` (periods counted from the epoch, so every
    /// instance agrees when they share the setting).
    func recurringJobs(_ app: Application) -> [RecurringJob] {
        [RecurringJob("notification digests", .every(seconds: app.appConfiguration.digestCheckSeconds), job: SendNotificationDigests())]
    }

    var housekeeping: [Housekeeping] { [
        Housekeeping("read notifications and digest records") { app in
            let now = app.clock.now
            try await MemberNotification.query(on: app.db).filter(\.$readAt < now.addingTimeInterval(-90 * 24 * 3600)).delete()
            try await NotificationDigests.removeOld(on: app.db, now: now)
        },
    ] }
}

/// The digests sent, by member and period (see `CreateNotificationDigests`).
enum NotificationDigests {
    static let schema = "notification_digests"

    /// A period's row is needed only while the period could run again (a week at most).
    static func removeOld(on database: any Database, now: Date) async throws {
        try await (database as! any SQLDatabase).raw("""
            DELETE FROM notification_digests WHERE created_at < \(bind: now.addingTimeInterval(-60 * 24 * 3600))
            """).run()
    }
}
