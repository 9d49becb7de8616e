import Vapor

/// Every URL of the site in one place: the same case gives the route pattern a controller
/// registers and the link a page renders, so routes and links never drift apart.
enum SiteURL {
    /// A path parameter: `.key` in route patterns, `.value(…)` in links.
    enum Parameter<Value> {
        case key
        case value(Value)
    }

    case home
    case language(Parameter<AppLocale>)
    case healthz
    case readyz
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
    case accountSignOutEverywhere
    case accountTokens
    case accountTokenRevoke(Parameter<UUID>)
    case accountIdentityUnlink(Parameter<UUID>)
    case accountPasswordLink
    case providerStart(Parameter<String>)
    case providerCallback(Parameter<String>)
    case providerConfirm
    case terms
    case privacy
    case myProfile
    case myPhoto
    case myPhotoDelete
    case members
    case member(Parameter<UUID>)

    /// Parameter names, shared by route patterns and `req.parameters.get`.
    enum Key {
        static let language = "code"
        static let token = "tokenID"
        static let member = "memberID"
        static let identity = "identityID"
        static let provider = "provider"
    }

    /// The route pattern to register.
    var pathComponents: [PathComponent] {
        segments.map { $0.hasPrefix(":") ? .parameter(String($0.dropFirst())) : .constant($0) }
    }

    /// The link to render; parameters that are `.key` here are a programming error, shown as their key.
    var path: String {
        "/" + segments.joined(separator: "/")
    }

    private var segments: [String] {
        switch self {
        case .home: []
        case .language(let locale): ["language", Self.segment(locale, key: Key.language) { $0.rawValue }]
        case .healthz: ["healthz"]
        case .readyz: ["readyz"]
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
        case .accountSignOutEverywhere: ["account", "sessions", "end"]
        case .accountTokens: ["account", "tokens"]
        case .accountTokenRevoke(let id): ["account", "tokens", Self.segment(id, key: Key.token) { $0.uuidString.lowercased() }, "revoke"]
        case .accountIdentityUnlink(let id): ["account", "sign-in-methods", Self.segment(id, key: Key.identity) { $0.uuidString.lowercased() }, "unlink"]
        case .accountPasswordLink: ["account", "password", "link"]
        case .providerStart(let name): ["auth", Self.segment(name, key: Key.provider) { $0 }, "start"]
        case .providerCallback(let name): ["auth", Self.segment(name, key: Key.provider) { $0 }, "callback"]
        case .providerConfirm: ["auth", "confirm"]
        case .terms: ["terms"]
        case .privacy: ["privacy"]
        case .myProfile: ["me", "profile"]
        case .myPhoto: ["me", "photo"]
        case .myPhotoDelete: ["me", "photo", "delete"]
        case .members: ["members"]
        case .member(let id): ["members", Self.segment(id, key: Key.member) { $0.uuidString.lowercased() }]
        }
    }

    private static func segment<Value>(_ parameter: Parameter<Value>, key: String, _ render: (Value) -> String) -> String {
        switch parameter {
        case .key: ":\(key)"
        case .value(let value): render(value)
        }
    }
}
