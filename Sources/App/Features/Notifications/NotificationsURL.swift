import Foundation
import Vapor

/// Notifications' URLs: the list, opening and marking lines, preferences, and unsubscribing
/// from a mail (signed out).
enum NotificationsURL: SiteRoute {
    case list
    case open(RouteParameter<UUID>)
    case markRead(RouteParameter<UUID>)
    case markAllRead
    case preferences
    case unsubscribe(RouteParameter<String>)

    /// Parameter names, shared by route patterns and `req.parameters.get`.
    enum Key {
        static let notification = "notificationID"
        static let token = "token"
    }

    var segments: [String] {
        switch self {
        case .list: ["notifications"]
        case .open(let id): ["notifications", id.segment(key: Key.notification), "open"]
        case .markRead(let id): ["notifications", id.segment(key: Key.notification), "read"]
        case .markAllRead: ["notifications", "read-all"]
        case .preferences: ["account", "notifications"]
        case .unsubscribe(let token): ["unsubscribe", token.segment(key: Key.token) { $0 }]
        }
    }
}
