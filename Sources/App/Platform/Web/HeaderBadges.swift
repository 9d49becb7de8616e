import Fluent
import Vapor

/// A count the header shows a signed-in member on every page (unread notifications, unread
/// conversations), with the page it links to. Features provide the sources
/// (`app.headerBadgeSources`); Platform knows none of them.
public struct HeaderBadgeSource: Sendable {
    /// Stable name: the badge's `data-badge` attribute, which live updates address.
    public let name: String
    /// Catalog key of the link's text; `{count}` is filled with the count.
    public let labelKey: String
    public let path: String
    public let count: @Sendable (_ member: UUID, _ database: any Database) async throws -> Int

    public init(name: String, labelKey: String, path: String, count: @escaping @Sendable (_ member: UUID, _ database: any Database) async throws -> Int) {
        self.name = name
        self.labelKey = labelKey
        self.path = path
        self.count = count
    }
}

/// One badge as the layout shows it.
public struct HeaderBadge: Sendable, Encodable, Equatable {
    public let name: String
    public let labelKey: String
    public let path: String
    public let count: Int
}

extension Application {
    private struct HeaderBadgeSourcesKey: StorageKey { typealias Value = [HeaderBadgeSource] }

    /// Appended to by features in `prepare`, in the list's order.
    public var headerBadgeSources: [HeaderBadgeSource] {
        get { storage[HeaderBadgeSourcesKey.self] ?? [] }
        set { storage[HeaderBadgeSourcesKey.self] = newValue }
    }
}

extension Request {
    private struct HeaderBadgesKey: StorageKey { typealias Value = [HeaderBadge] }

    /// The badges the page's header shows, as counted by `HeaderBadgesMiddleware` (or by
    /// `refreshHeaderBadges` after a handler changed a count, e.g. by reading a conversation).
    public var headerBadges: [HeaderBadge] {
        get { storage[HeaderBadgesKey.self] ?? [] }
        set { storage[HeaderBadgesKey.self] = newValue }
    }

    /// Counts the signed-in member's badges again; call it after a change the page itself made.
    public func refreshHeaderBadges() async throws {
        guard let principal else { headerBadges = []; return }
        var badges: [HeaderBadge] = []
        for source in application.headerBadgeSources {
            let count = try await source.count(principal.memberID, db)
            badges.append(HeaderBadge(name: source.name, labelKey: source.labelKey, path: source.path, count: count))
        }
        headerBadges = badges
    }
}

/// Counts the header's badges before a page is built, for signed-in members only and never for
/// the API, media or probes (they render no header).
public struct HeaderBadgesMiddleware: AsyncMiddleware {
    public init() {}

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.principal != nil, !request.application.headerBadgeSources.isEmpty, Self.rendersPage(request.url.path) {
            try await request.refreshHeaderBadges()
        }
        return try await next.respond(to: request)
    }

    static func rendersPage(_ path: String) -> Bool {
        !(path.hasPrefix("/api/") || path.hasPrefix("/media/") || path == PlatformURL.healthz.path || path == PlatformURL.readyz.path)
    }
}
