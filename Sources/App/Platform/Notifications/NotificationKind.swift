import Foundation
import Vapor

/// How a member wants to hear by mail of one kind of notification.
public enum MailDelivery: String, Sendable, Codable, CaseIterable {
    case off, immediately, daily, weekly
}

/// One kind of thing a feature announces to a member ("connection request received", "new
/// message"). A feature registers its kinds (`app.notificationKinds.register`) in `prepare`;
/// the Notifications feature lists, groups and mails them without knowing the feature.
public struct NotificationKind: Sendable, Hashable {
    /// Stored with every notification and preference: never rename one.
    public let id: String
    /// Catalog key of the kind's name on the preferences page.
    public let labelKey: String
    /// Catalog keys of the in-app line, `.one` and `.other` variants chosen by the count of
    /// grouped announcements; placeholders `{actor}`, `{count}` and the announcement's parameters.
    public let textKey: String
    /// Mail for members who chose none.
    public let defaultDelivery: MailDelivery
    /// "Immediately" waits this long and mails only what is still unread then. The registered
    /// kind's delay is the one used (messages: `MESSAGE_MAIL_DELAY_SECONDS`, 15 min by default).
    public let mailDelay: Duration

    public init(id: String, labelKey: String, textKey: String, defaultDelivery: MailDelivery, mailDelay: Duration = .zero) {
        self.id = id
        self.labelKey = labelKey
        self.textKey = textKey
        self.defaultDelivery = defaultDelivery
        self.mailDelay = mailDelay
    }

    /// The same kind with another delay (the operator's setting for messages, read at start).
    public func withMailDelay(_ delay: Duration) -> NotificationKind {
        NotificationKind(id: id, labelKey: labelKey, textKey: textKey, defaultDelivery: defaultDelivery, mailDelay: delay)
    }

    public static func == (left: NotificationKind, right: NotificationKind) -> Bool { left.id == right.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// Every kind the installed features announce, in registration order (features register in
/// `prepare`, before the application serves anything).
public struct NotificationKinds: Sendable {
    public private(set) var all: [NotificationKind] = []

    public init() {}

    /// Adds `kind`; registering the same id twice stops the start (two features, one stored name).
    public mutating func register(_ kind: NotificationKind) {
        precondition(!all.contains(kind), "notification kind \(kind.id) registered twice")
        all.append(kind)
    }

    public func kind(_ id: String) -> NotificationKind? { all.first { $0.id == id } }
}

extension Application {
    private struct NotificationKindsKey: StorageKey { typealias Value = NotificationKinds }

    public var notificationKinds: NotificationKinds {
        get { storage[NotificationKindsKey.self] ?? NotificationKinds() }
        set { storage[NotificationKindsKey.self] = newValue }
    }
}
