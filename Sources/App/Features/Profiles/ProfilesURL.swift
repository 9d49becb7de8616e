import Foundation
import Vapor

/// Profiles' URLs: one's own profile and photo, and a member's page.
enum ProfilesURL: SiteRoute {
    case myProfile
    case myPhoto
    case myPhotoDelete
    case member(RouteParameter<UUID>)

    /// Parameter names, shared by route patterns and `req.parameters.get`.
    enum Key {
        static let member = "memberID"
    }

    var segments: [String] {
        switch self {
        case .myProfile: ["me", "profile"]
        case .myPhoto: ["me", "photo"]
        case .myPhotoDelete: ["me", "photo", "delete"]
        case .member(let id): ["members", id.segment(key: Key.member)]
        }
    }
}
