import Foundation
import Vapor

/// Connections' pages: the lists, the request form, answers to requests, blocking and the block list.
enum ConnectionsURL: SiteRoute {
    case connections
    case received
    case sent
    case requestForm(RouteParameter<UUID>)
    case accept(RouteParameter<UUID>)
    case decline(RouteParameter<UUID>)
    case withdraw(RouteParameter<UUID>)
    case remove(RouteParameter<UUID>)
    case block(RouteParameter<UUID>)
    case unblock(RouteParameter<UUID>)
    case blocks

    /// Parameter names, shared by route patterns and `req.parameters.get` (a member's segment is
    /// named as Profiles names it, since both sit under `/members/…`).
    enum Key {
        static let member = ProfilesURL.Key.member
        static let request = "requestID"
    }

    var segments: [String] {
        switch self {
        case .connections: ["connections"]
        case .received: ["connections", "received"]
        case .sent: ["connections", "sent"]
        case .requestForm(let id): ["members", id.segment(key: Key.member), "connect"]
        case .accept(let id): ["connections", "requests", id.segment(key: Key.request), "accept"]
        case .decline(let id): ["connections", "requests", id.segment(key: Key.request), "decline"]
        case .withdraw(let id): ["connections", "requests", id.segment(key: Key.request), "withdraw"]
        case .remove(let id): ["members", id.segment(key: Key.member), "disconnect"]
        case .block(let id): ["members", id.segment(key: Key.member), "block"]
        case .unblock(let id): ["members", id.segment(key: Key.member), "unblock"]
        case .blocks: ["account", "blocks"]
        }
    }
}
