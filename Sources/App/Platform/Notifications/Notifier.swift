import Fluent
import Foundation
import Vapor

/// Something a feature tells a member: of which kind, who caused it, which thing it is about.
public struct Announcement: Sendable {
    public let kind: NotificationKind
    /// Who is told.
    public let recipient: UUID
    /// Who caused it (shown by name), if a member did.
    public let actor: UUID?
    /// What it is about, for grouping: unread announcements of one kind with the same key become
    /// one line ("3 new messages from Amina" for one conversation's id).
    public let groupKey: String
    /// The page that shows it.
    public let link: String
    /// Extra placeholders for the kind's text (plain text; escaped where shown).
    public let parameters: [String: String]

    public init(kind: NotificationKind, recipient: UUID, actor: UUID?, groupKey: String, link: String, parameters: [String: String] = [:]) {
        self.kind = kind
        self.recipient = recipient
        self.actor = actor
        self.groupKey = groupKey
        self.link = link
        self.parameters = parameters
    }
}

/// The one way features announce things to members. `announce` runs inside the caller's
/// transaction, so an announcement exists exactly when what it announces does.
public protocol Notifier: Sendable {
    func announce(_ announcement: Announcement, on database: any Database) async throws

    /// The member has seen what `kind` announced about `groupKey` (read the conversation…).
    func markSeen(_ kind: NotificationKind, groupKey: String, by member: UUID, on database: any Database) async throws

    /// Announcements of `kind` about `groupKey` to `member` are void (a request was withdrawn).
    func withdraw(_ kind: NotificationKind, groupKey: String, to member: UUID, on database: any Database) async throws
}

extension Application {
    private struct NotifierKey: StorageKey { typealias Value = any Notifier }

    /// Set by the Notifications feature in `prepare`; features before it in the list cannot announce.
    public var notifier: any Notifier {
        get { storage[NotifierKey.self] ?? UninstalledNotifier() }
        set { storage[NotifierKey.self] = newValue }
    }
}

/// What `notifier` answers when the Notifications feature is not installed (a misuse): every
/// call fails with an error saying so, instead of the process stopping.
struct UninstalledNotifier: Notifier {
    struct NotInstalled: Error, CustomStringConvertible {
        var description: String { "no Notifier: the Notifications feature is not installed before the features that announce" }
    }

    func announce(_ announcement: Announcement, on database: any Database) async throws { throw NotInstalled() }
    func markSeen(_ kind: NotificationKind, groupKey: String, by member: UUID, on database: any Database) async throws { throw NotInstalled() }
    func withdraw(_ kind: NotificationKind, groupKey: String, to member: UUID, on database: any Database) async throws { throw NotInstalled() }
}
