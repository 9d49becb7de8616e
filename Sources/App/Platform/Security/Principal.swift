import Vapor

/// A member's standing on the platform, from least to most trusted.
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    case member, moderator, admin

    private var rank: Int {
        switch self {
        case .member: 0
        case .moderator: 1
        case .admin: 2
        }
    }

    public static func < (left: Role, right: Role) -> Bool { left.rank < right.rank }
}

/// Who is making the request, as the platform's checks need it: the accounts feature builds it
/// from a session cookie or a bearer token, and every other feature reads it. Platform code
/// never sees the member model itself.
public struct Principal: Sendable {
    /// How the request proved who it is; cookie requests need a CSRF token, bearer ones do not.
    public enum Credential: Sendable, Equatable {
        case session(id: UUID, csrfToken: String)
        case apiToken(id: UUID)
    }

    public let memberID: UUID
    public let displayName: String
    public let role: Role
    public let isEmailVerified: Bool
    public let locale: String
    /// The member's own (their `/account` setting): pages show times in it.
    public let timeZone: TimeZone
    public let credential: Credential

    public init(
        memberID: UUID, displayName: String, role: Role, isEmailVerified: Bool, locale: String,
        timeZone: TimeZone = TimeZone(identifier: "UTC")!, credential: Credential
    ) {
        self.memberID = memberID
        self.displayName = displayName
        self.role = role
        self.isEmailVerified = isEmailVerified
        self.locale = locale
        self.timeZone = timeZone
        self.credential = credential
    }

    /// The session's CSRF token, when the request came with a session cookie.
    public var sessionCSRFToken: String? {
        if case .session(_, let token) = credential { return token }
        return nil
    }

    public var sessionID: UUID? {
        if case .session(let id, _) = credential { return id }
        return nil
    }
}

extension Request {
    private struct PrincipalKey: StorageKey { typealias Value = Principal }

    /// The signed-in member, if any (suspended members never get one).
    public var principal: Principal? {
        get { storage[PrincipalKey.self] }
        set { storage[PrincipalKey.self] = newValue }
    }
}
