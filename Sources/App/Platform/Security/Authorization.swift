import Vapor

/// The one way handlers demand who may call them. Queries then take the returned principal, so
/// an object is only ever fetched through a check of who may see or change it.
public enum AccessRequirement: Sendable {
    /// Signed in (by session or token).
    case member
    /// Signed in with a verified email address: needed to post content others will see.
    case verifiedMember
    /// Signed in with at least this role.
    case role(Role)
}

/// A signed-in member who is not allowed something: answered 403 (pages say why in their language).
public struct AccessDenied: AbortError {
    public enum Reason: String, Sendable {
        case emailNotVerified = "access.error.unverified"
        case roleMissing = "access.error.role"
    }

    public let reason: String
    public let status: HTTPResponseStatus = .forbidden
    public let why: Reason

    init(_ why: Reason) {
        self.why = why
        self.reason = why == .emailNotVerified ? "Verify your email address first." : "You do not have the role this needs."
    }
}

/// Nobody is signed in where a member must be: 401 for the API; pages send the visitor to sign in.
public struct SignInRequired: AbortError {
    public let status: HTTPResponseStatus = .unauthorized
    public let reason = "Sign in first."
}

extension Request {
    /// The principal if it meets the requirement; otherwise throws 401 or 403.
    @discardableResult
    public func require(_ requirement: AccessRequirement = .member) throws -> Principal {
        guard let principal else { throw SignInRequired() }
        switch requirement {
        case .member:
            break
        case .verifiedMember:
            guard principal.isEmailVerified else { throw AccessDenied(.emailNotVerified) }
        case .role(let role):
            guard principal.role >= role else { throw AccessDenied(.roleMissing) }
        }
        return principal
    }
}
