import Fluent
import Foundation
import Vapor

/// Whether the sign-in an event stream was opened with still holds. A stream outlives the
/// request that opened it: signing out, "sign out everywhere", a new password, a revoked token
/// or a suspension must end it too, on whichever instance it is open. The feature that keeps
/// sign-ins (Accounts) answers; streams ask when told sign-ins ended (`LiveEvent.signInsEnded`)
/// and every `LiveDelivery.signInRecheckInterval` (a session can also expire by time).
public protocol SignInCheck: Sendable {
    func isCurrent(_ credential: Principal.Credential, of member: UUID, on database: any Database) async throws -> Bool
}

extension Application {
    private struct SignInCheckKey: StorageKey { typealias Value = any SignInCheck }

    /// Set by the Accounts feature. Without it nobody can sign in, so no stream can be open to ask.
    public var signInCheck: any SignInCheck {
        get { storage[SignInCheckKey.self] ?? NoSignIns() }
        set { storage[SignInCheckKey.self] = newValue }
    }
}

/// What `signInCheck` answers before a feature keeps sign-ins: none holds.
struct NoSignIns: SignInCheck {
    func isCurrent(_ credential: Principal.Credential, of member: UUID, on database: any Database) async throws -> Bool { false }
}

extension LiveEvent {
    /// Published (inside the writing transaction) to a member some of whose sessions or tokens
    /// just ended: each of their open streams checks its own sign-in and closes if it is gone.
    /// The streams keep it to themselves; pages never see it.
    public static let signInsEnded = LiveEvent(kind: "sign-ins-ended", payload: "{}")
}
