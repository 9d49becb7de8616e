import Fluent
import SQLKit
import Vapor

/// A count the header shows a signed-in member on every page (unread notifications, unread
/// conversations), with the page it links to. Features provide the sources
/// (`app.headerBadgeSources`); Platform knows none of them. Each gives its count as a statement
/// selecting one number, so every badge of a page is read in one statement (one round trip)
/// rather than a query each: `SELECT (count 1) AS b0, (count 2) AS b1, …`.
public struct HeaderBadgeSource: Sendable {
    /// Stable name: the badge's `data-badge` attribute, which live updates address.
    public let name: String
    /// Catalog key of the link's text; `{count}` is filled with the count.
    public let labelKey: String
    public let path: String
    /// `SELECT COUNT(*) FROM …` for this member: one row, one integer column, on an index.
    public let countSQL: @Sendable (_ member: UUID) -> SQLQueryString

    public init(name: String, labelKey: String, path: String, countSQL: @escaping @Sendable (_ member: UUID) -> SQLQueryString) {
        self.name = name
        self.labelKey = labelKey
        self.path = path
        self.countSQL = countSQL
    }
}

extension HeaderBadgeSource {
    /// Each source's count for `member`, in order, read in one statement.
    public static func counts(_ sources: [HeaderBadgeSource], of member: UUID, on database: any Database) async throws -> [Int] {
        guard !sources.isEmpty else { return [] }
        var query: SQLQueryString = "SELECT "
        for (index, source) in sources.enumerated() {
            query = query + (index == 0 ? "" : ", ") + "(" + source.countSQL(member) + ") AS \(ident: "b\(index)")"
        }
        guard let row = try await (database as! any SQLDatabase).raw(query).first() else { return sources.map { _ in 0 } }
        return try sources.indices.map { try row.decode(column: "b\($0)", as: Int?.self) ?? 0 }
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

    /// Counts the signed-in member's badges again, all in one statement; call it after a change
    /// the page itself made.
    public func refreshHeaderBadges() async throws {
        guard let principal else { headerBadges = []; return }
        let counts = try await HeaderBadgeSource.counts(application.headerBadgeSources, of: principal.memberID, on: db)
        headerBadges = zip(application.headerBadgeSources, counts).map { source, count in
            HeaderBadge(name: source.name, labelKey: source.labelKey, path: source.path, count: count)
        }
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
