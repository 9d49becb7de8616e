import Foundation
import Vapor

/// Messaging's pages: the list, requests, composing, a conversation and its actions.
enum MessagingURL: SiteRoute {
    case messages
    case requests
    case compose
    case conversation(RouteParameter<UUID>)
    case editMessage(RouteParameter<UUID>, RouteParameter<UUID>)
    case deleteMessage(RouteParameter<UUID>, RouteParameter<UUID>)
    case accept(RouteParameter<UUID>)
    case decline(RouteParameter<UUID>)
    case report(RouteParameter<UUID>)
    case leave(RouteParameter<UUID>)
    case participants(RouteParameter<UUID>)

    /// Parameter names, shared by route patterns and `req.parameters.get`.
    enum Key {
        static let conversation = "conversationID"
        static let message = "messageID"
    }

    var segments: [String] {
        switch self {
        case .messages: ["messages"]
        case .requests: ["messages", "requests"]
        case .compose: ["messages", "new"]
        case .conversation(let id): ["messages", id.segment(key: Key.conversation)]
        case .editMessage(let id, let message): ["messages", id.segment(key: Key.conversation), "m", message.segment(key: Key.message), "edit"]
        case .deleteMessage(let id, let message): ["messages", id.segment(key: Key.conversation), "m", message.segment(key: Key.message), "delete"]
        case .accept(let id): ["messages", id.segment(key: Key.conversation), "accept"]
        case .decline(let id): ["messages", id.segment(key: Key.conversation), "decline"]
        case .report(let id): ["messages", id.segment(key: Key.conversation), "report"]
        case .leave(let id): ["messages", id.segment(key: Key.conversation), "leave"]
        case .participants(let id): ["messages", id.segment(key: Key.conversation), "participants"]
        }
    }

    static func conversationPath(_ id: UUID) -> String { conversation(.value(id)).path }
}
