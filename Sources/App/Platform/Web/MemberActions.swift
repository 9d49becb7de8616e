import Fluent
import Vapor

/// Something the signed-in member can do toward another member, shown on that member's profile
/// and directory card ("Send request", "Send message", "Block"). Features that relate members
/// provide them (`app.memberActionSources`), so Profiles and Directory name no later feature.
public struct MemberAction: Sendable, Encodable, Equatable {
    public enum Method: String, Sendable, Encodable { case get, post }
    public enum Style: String, Sendable, Encodable { case primary, secondary, danger }

    /// Catalog key of the button's or link's text; `{name}` is filled with the other member's name.
    public let labelKey: String
    public let method: Method
    public let href: String
    public let style: Style
    /// Catalog key of a short status shown instead of or next to the button ("Request sent").
    public let statusKey: String?

    public init(labelKey: String, method: Method, href: String, style: Style = .secondary, statusKey: String? = nil) {
        self.labelKey = labelKey
        self.method = method
        self.href = href
        self.style = style
        self.statusKey = statusKey
    }

    /// A status without a button ("Connected").
    public static func status(_ key: String) -> MemberAction {
        MemberAction(labelKey: key, method: .get, href: "", style: .secondary, statusKey: key)
    }

    var isPost: Bool { method == .post }
    var isStatusOnly: Bool { href.isEmpty }

    enum CodingKeys: String, CodingKey { case labelKey, method, href, style, statusKey, isPost, isStatusOnly }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(labelKey, forKey: .labelKey)
        try container.encode(method, forKey: .method)
        try container.encode(href, forKey: .href)
        try container.encode(style, forKey: .style)
        try container.encodeIfPresent(statusKey, forKey: .statusKey)
        try container.encode(isPost, forKey: .isPost)
        try container.encode(isStatusOnly, forKey: .isStatusOnly)
    }
}

/// A feature's actions toward many members at once: one query for a whole directory page,
/// never one per card.
public protocol MemberActionSource: Sendable {
    /// The actions `viewer` may take toward each of `members` (the viewer is never among them).
    func actions(for viewer: Principal, toward members: [UUID], on database: any Database) async throws -> [UUID: [MemberAction]]
}

extension Application {
    private struct MemberActionSourcesKey: StorageKey { typealias Value = [any MemberActionSource] }

    /// Appended to by features in `prepare`, in the list's order (their actions show in that order).
    public var memberActionSources: [any MemberActionSource] {
        get { storage[MemberActionSourcesKey.self] ?? [] }
        set { storage[MemberActionSourcesKey.self] = newValue }
    }
}

extension Request {
    /// Every feature's actions of the signed-in member toward `members`; empty for visitors and
    /// toward oneself.
    public func memberActions(toward members: [UUID]) async throws -> [UUID: [MemberAction]] {
        guard let viewer = principal else { return [:] }
        let others = members.filter { $0 != viewer.memberID }
        guard !others.isEmpty else { return [:] }
        var all: [UUID: [MemberAction]] = [:]
        for source in application.memberActionSources {
            for (member, actions) in try await source.actions(for: viewer, toward: others, on: db) {
                all[member, default: []] += actions
            }
        }
        return all
    }
}
