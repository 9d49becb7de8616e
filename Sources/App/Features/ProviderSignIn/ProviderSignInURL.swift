import Foundation
import Vapor

/// Provider sign-in's URLs: the trip to a provider and back, and newcomers' confirmation.
enum ProviderSignInURL: SiteRoute {
    case providerStart(RouteParameter<String>)
    case providerCallback(RouteParameter<String>)
    case providerConfirm

    /// Parameter names, shared by route patterns and `req.parameters.get`.
    enum Key {
        static let provider = "provider"
    }

    var segments: [String] {
        switch self {
        case .providerStart(let name): ["auth", name.segment(key: Key.provider) { $0 }, "start"]
        case .providerCallback(let name): ["auth", name.segment(key: Key.provider) { $0 }, "callback"]
        case .providerConfirm: ["auth", "confirm"]
        }
    }
}
