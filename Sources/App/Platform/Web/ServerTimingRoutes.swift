import Vapor

/// Registers routes whose answer time could tell a client something it must not learn (whether
/// an address has an account, how close a password was): they never send `Server-Timing`, even
/// when it is configured on (`SERVER_TIMING=1`).
struct WithoutServerTiming: RoutesBuilder {
    let root: any RoutesBuilder

    func add(_ route: Route) {
        route.userInfo[Self.userInfoKey] = true
        root.add(route)
    }

    static let userInfoKey = "opendiaspora.withoutServerTiming"
}

extension RoutesBuilder {
    /// The same builder, for routes that must not reveal their timing.
    func withoutServerTiming() -> any RoutesBuilder {
        WithoutServerTiming(root: self)
    }
}

extension Route {
    var hidesServerTiming: Bool {
        userInfo[WithoutServerTiming.userInfoKey] as? Bool ?? false
    }
}
