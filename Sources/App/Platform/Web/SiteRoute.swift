import Vapor

/// A URL of the site: the same value gives the route pattern a controller registers and the
/// link a page renders, so routes and links never drift apart. Each feature has its own enum of
/// them (`AccountsURL`, `ProfilesURL`…) in its folder; the platform's are `PlatformURL`.
public protocol SiteRoute: Sendable {
    /// The path's segments; a parameter left as `.key` is `:name`.
    var segments: [String] { get }
}

/// A path parameter: `.key` in route patterns, `.value(…)` in links.
public enum RouteParameter<Value: Sendable>: Sendable {
    case key
    case value(Value)

    /// The segment: `:key` for a pattern, the rendered value for a link.
    public func segment(key: String, _ render: (Value) -> String) -> String {
        switch self {
        case .key: ":\(key)"
        case .value(let value): render(value)
        }
    }
}

extension RouteParameter where Value == UUID {
    public func segment(key: String) -> String { segment(key: key) { $0.uuidString.lowercased() } }
}

extension SiteRoute {
    /// The route pattern to register.
    public var pathComponents: [PathComponent] {
        segments.map { $0.hasPrefix(":") ? .parameter(String($0.dropFirst())) : .constant($0) }
    }

    /// The link to render; parameters that are `.key` here are a programming error, shown as their key.
    public var path: String {
        "/" + segments.joined(separator: "/")
    }
}

/// The JSON API's prefix, spelled once: features group their API routes under it.
public enum APIVersion {
    public static let segments = ["api", "v1"]
    public static var pathComponents: [PathComponent] { segments.map { .constant($0) } }
    /// `/api/v1` + `rest`, for links and documents.
    public static func path(_ rest: String...) -> String { "/" + (segments + rest).joined(separator: "/") }
}

extension RoutesBuilder {
    /// Routes under `/api/v1` (then `more`).
    public func api(_ more: PathComponent...) -> any RoutesBuilder {
        grouped(APIVersion.pathComponents + more)
    }
}
