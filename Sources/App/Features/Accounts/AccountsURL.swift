import Foundation
import Vapor

/// Accounts' URLs: joining, signing in, recovery and the account page.
enum AccountsURL: SiteRoute {
    case join
    case login
    case logout
    case verifyEmail
    case resendVerification
    case passwordForgot
    case passwordReset
    case account
    case accountEmail
    case confirmEmail
    case accountPassword
    case accountLanguage
    case accountTimeZone
    case accountSignOutEverywhere
    case accountTokens
    case accountTokenRevoke(RouteParameter<UUID>)
    case accountIdentityUnlink(RouteParameter<UUID>)
    case accountPasswordLink

    /// Parameter names, shared by route patterns and `req.parameters.get`.
    enum Key {
        static let token = "tokenID"
        static let identity = "identityID"
    }

    var segments: [String] {
        switch self {
        case .join: ["join"]
        case .login: ["login"]
        case .logout: ["logout"]
        case .verifyEmail: ["verify"]
        case .resendVerification: ["verify", "resend"]
        case .passwordForgot: ["password", "forgot"]
        case .passwordReset: ["password", "reset"]
        case .account: ["account"]
        case .accountEmail: ["account", "email"]
        case .confirmEmail: ["account", "email", "confirm"]
        case .accountPassword: ["account", "password"]
        case .accountLanguage: ["account", "language"]
        case .accountTimeZone: ["account", "time-zone"]
        case .accountSignOutEverywhere: ["account", "sessions", "end"]
        case .accountTokens: ["account", "tokens"]
        case .accountTokenRevoke(let id): ["account", "tokens", id.segment(key: Key.token), "revoke"]
        case .accountIdentityUnlink(let id): ["account", "sign-in-methods", id.segment(key: Key.identity), "unlink"]
        case .accountPasswordLink: ["account", "password", "link"]
        }
    }
}
