import Fluent
import Foundation
import SQLKit
import Vapor

/// Bounds on what a feature may announce (a programming error past them, never user input).
enum NotificationLimits {
    static let groupKey = 200
    static let link = 500
    static let parameters = 16
    static let parameterKey = 40
    static let parameterValue = 500
    /// Lines per page of the list (page and API).
    static let pageSize = 20
    /// Lines one mail lists; past them it says how many more there are.
    static let linesPerMail = 30
}

/// An announcement a feature got wrong: a link that is not a local path, a key or parameters
/// past their bounds.
struct InvalidAnnouncement: Error, CustomStringConvertible {
    let reason: String
    var description: String { "invalid announcement: \(reason)" }
}

/// The Notifications feature's `Notifier`: stores announcements (grouped while unread), queues
/// the mail the recipient chose, and tells their open pages the new unread count. Everything
/// runs on the caller's database handle, inside the caller's transaction.
final class StoredNotifier: Notifier, @unchecked Sendable {
    /// Weak: the application holds the notifier. Kinds, clock and live publisher are read at
    /// each call, since features after this one register kinds, and tests set the clock.
    private weak var application: Application?

    init(application: Application) {
        self.application = application
    }

    private var app: Application {
        get throws {
            guard let application else { throw Abort(.internalServerError, reason: "the application is gone") }
            return application
        }
    }

    func announce(_ announcement: Announcement, on database: any Database) async throws {
        let app = try app
        guard announcement.actor != announcement.recipient else { return }
        let parameters = try Self.checked(announcement)
        let now = app.clock.now
        let delivery = try await NotificationQueries.delivery(of: announcement.kind, for: announcement.recipient, on: database)
        let pending: String? = delivery == .off ? nil : delivery.rawValue
        let id = UUID()
        let sql = database as! any SQLDatabase
        // Grouping: the unread line of this kind and group, if any, takes the announcement (its
        // owed mail stays as it was: a line already mailed is not mailed again while unread).
        let row = try await sql.raw("""
            INSERT INTO notifications (id, recipient_id, kind, group_key, actor_id, count, link, parameters, created_at, updated_at, read_at, mail_pending, mailed_at)
            VALUES (\(bind: id), \(bind: announcement.recipient), \(bind: announcement.kind.id), \(bind: announcement.groupKey), \(bind: announcement.actor), 1,
                    \(bind: announcement.link), \(bind: parameters), \(bind: now), \(bind: now), NULL, \(bind: pending), NULL)
            ON CONFLICT (recipient_id, kind, group_key) WHERE read_at IS NULL DO UPDATE SET
                count = notifications.count + 1, actor_id = excluded.actor_id, link = excluded.link,
                parameters = excluded.parameters, updated_at = excluded.updated_at
            RETURNING id
            """).first()
        let inserted = try row?.decode(column: "id", as: UUID.self) == id
        if inserted, delivery == .immediately {
            // The registered kind's delay: a feature may register its kind with the operator's
            // setting (messages) and announce with its static one.
            let delay = (app.notificationKinds.kind(announcement.kind.id) ?? announcement.kind).mailDelay
            try await JobQueue.enqueue(MailUnreadNotifications(memberID: announcement.recipient),
                                       at: now.addingTimeInterval(delay.timeInterval), on: database)
        }
        try await Self.publishUnreadCount(of: announcement.recipient, app: app, on: database)
    }

    func markSeen(_ kind: NotificationKind, groupKey: String, by member: UUID, on database: any Database) async throws {
        let app = try app
        let changed = try await NotificationQueries.markRead(kind: kind.id, groupKey: groupKey, of: member, now: app.clock.now, on: database)
        if changed { try await Self.publishUnreadCount(of: member, app: app, on: database) }
    }

    func withdraw(_ kind: NotificationKind, groupKey: String, to member: UUID, on database: any Database) async throws {
        let app = try app
        try await MemberNotification.query(on: database)
            .filter(\.$recipientID == member).filter(\.$kind == kind.id).filter(\.$groupKey == groupKey)
            .delete()
        try await Self.publishUnreadCount(of: member, app: app, on: database)
    }

    /// The live `badge` event open pages update the header's count from.
    static func publishUnreadCount(of member: UUID, app: Application, on database: any Database) async throws {
        struct Badge: Encodable {
            let name: String
            let count: Int
        }
        let count = try await NotificationQueries.unreadCount(of: member, on: database)
        try await app.livePublisher.publish(LiveEvent(kind: "badge", encoding: Badge(name: NotificationsFeature.badgeName, count: count)), to: [member], on: database)
    }

    /// The announcement's parameters as stored, after checking its bounds.
    static func checked(_ announcement: Announcement) throws -> String {
        guard !announcement.groupKey.isEmpty, announcement.groupKey.utf8.count <= NotificationLimits.groupKey else {
            throw InvalidAnnouncement(reason: "group key empty or longer than \(NotificationLimits.groupKey) bytes")
        }
        guard isLocalPath(announcement.link), announcement.link.utf8.count <= NotificationLimits.link else {
            throw InvalidAnnouncement(reason: "link is not a local path of at most \(NotificationLimits.link) bytes")
        }
        guard announcement.parameters.count <= NotificationLimits.parameters,
              announcement.parameters.allSatisfy({ $0.key.utf8.count <= NotificationLimits.parameterKey && $0.value.count <= NotificationLimits.parameterValue })
        else {
            throw InvalidAnnouncement(reason: "more than \(NotificationLimits.parameters) parameters, or one too long")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(announcement.parameters), as: UTF8.self)
    }

    /// A path on this site: `/x`, never `//host` or `/\host` (which browsers read as another site).
    static func isLocalPath(_ link: String) -> Bool {
        link.hasPrefix("/") && !link.hasPrefix("//") && !link.hasPrefix("/\\")
            && !link.unicodeScalars.contains { $0.value < 0x21 || $0.value == 0x7F || $0 == "\\" }
    }
}

extension Duration {
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
